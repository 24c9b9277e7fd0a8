// Migration 0009's partial indexes hold a hub's live flight plans and a vehicle's open routes only,
// and the repositories' queries state their predicates as literals so the planner can use them
// (PGlite runs them as prepared statements with generic plans). On both back ends, with a day's
// worth of cancelled rows next to a few live ones: the reads answer the live rows, through the
// partial indexes (index scans counted in the reading transaction).
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { Repos } from '../../src/store/repos/index.js';
import type { FlightPlanRow, RouteRow } from '../../src/store/index.js';
import { rowsOf } from '../../src/store/migrate.js';
import { seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

const T = 1_795_800_000;
const CANCELLED = 1500;

describeBackends('partial indexes on live flight plans and open routes', (env) => {
  let w: World;
  let planId: string;
  beforeAll(async () => {
    w = await seedWorld(env());
    const { store, ids } = env().ctx;
    planId = ids.next('pln');
    await store.repos.plans.insertPlan({ id: planId, hubId: w.hubs.north, state: 'active', cost: null, stats: null, createdAt: T });
    const route = (state: string): RouteRow => ({ id: ids.next('rte'), planId, vehicleId: w.ids.vehicle, state, startAt: T, endAt: null, distanceM: 0, durationS: 0 });
    const states = [...Array.from({ length: 600 }, (_, i) => (i % 3 ? 'cancelled' : 'completed')), 'planned', 'started', 'planned'];
    await store.repos.plans.insertRoutes(states.map(route));
    const plan = (i: number, state: string): FlightPlanRow => ({
      id: ids.next('fpl'), hubId: w.hubs.north, vehicleId: w.ids.vehicle, routeId: null, tripNo: 1, orderIds: [], state,
      padFrom: T + 600 * i, takeoffAt: T + 600 * i + 30, landAt: T + 600 * i + 600, padUntil: T + 600 * i + 660, chargeFrom: null, chargeUntil: null,
      cruiseAltitudeM: 50, path: [], distanceM: 0, energyWh: 0, specId: 'test', createdAt: T,
    });
    // A sortie every 10 minutes flown or planned (the first 90 completed), and re-planning's cancelled ones.
    const live = Array.from({ length: 100 }, (_, i) => plan(i, i < 90 ? 'completed' : 'planned'));
    await store.repos.flightPlans.insert([...Array.from({ length: CANCELLED }, (_, i) => plan(i % 100, 'cancelled')), ...live]);
    await store.db.execute(sql`analyze routes`);
    await store.db.execute(sql`analyze flight_plans`);
  });

  /** Runs `read` in a transaction, with generic plans, and counts the scans of each index it made (the transaction's own counters). */
  async function scansOf<T>(indexes: string[], read: (repos: Repos) => Promise<T>): Promise<{ result: T; scans: Record<string, number> }> {
    const { store } = env();
    return store.db.transaction(async (tx) => {
      // The plan a prepared statement keeps once its generic plan wins (as it does on tables still
      // small): one for every parameter value, so only a literal predicate can prove a partial index.
      await tx.execute(sql`set local plan_cache_mode = force_generic_plan`);
      // Scan counters of this backend, as a delta: on PostgreSQL they may still hold earlier
      // transactions' scans not yet flushed.
      const count = async (name: string) => Number(rowsOf<{ n: number | string }>(await tx.execute(sql`select pg_stat_get_xact_numscans(${name}::regclass) as n`))[0]!.n);
      const before: Record<string, number> = {};
      for (const name of indexes) before[name] = await count(name);
      const result = await read(new Repos(tx, { cache: store.cache, effects: null }));
      const scans: Record<string, number> = {};
      for (const name of indexes) scans[name] = (await count(name)) - before[name]!;
      return { result, scans };
    });
  }

  it('pad and charge times read the hub’s live plans through the partial indexes', async () => {
    const liveIndexes = ['flight_plans_hub_pad_live_idx', 'flight_plans_hub_takeoff_live_idx'];
    // Pads busy after T + 57,000 s: sorties 94 to 99, found on the pad index by pad_until.
    const pad = await scansOf([...liveIndexes, 'flight_plans'], (r) => r.flightPlans.padTimes(w.hubs.north, T + 57_000, T + 86_400));
    expect(pad.result.map((p) => p.padFrom)).toEqual([94, 95, 96, 97, 98, 99].map((i) => T + 600 * i));
    // Either live index bounds the read (PostgreSQL's choice between them follows its statistics).
    expect(liveIndexes.reduce((n, i) => n + pad.scans[i]!, 0)).toBeGreaterThan(0);
    expect(pad.scans.flight_plans).toBe(0); // no sequential scan
    // Packs away at T + 57,000 s (no chargers, an hour's hold): sorties launched in the last hour, 90 to 99.
    const charge = await scansOf([...liveIndexes, 'flight_plans'], (r) => r.flightPlans.chargeTimes(w.hubs.north, T + 57_000, T + 86_400, 3600));
    expect(charge.result).toHaveLength(10);
    expect(liveIndexes.reduce((n, i) => n + charge.scans[i]!, 0)).toBeGreaterThan(0);
    expect(charge.scans.flight_plans).toBe(0);
  });

  it('a vehicle’s current and open routes are read through the open-routes index', async () => {
    const cur = await scansOf(['routes_vehicle_open_idx'], (r) => r.plans.currentRouteWithStops(w.ids.vehicle));
    expect(cur.result!.route.state).toBe('started');
    expect(cur.scans.routes_vehicle_open_idx).toBeGreaterThan(0);
    const open = await scansOf(['routes_vehicle_open_idx'], (r) => r.plans.openRoutesOfVehicle(w.ids.vehicle));
    expect(open.result.map((x) => x.state).sort()).toEqual(['planned', 'planned', 'started']);
    expect(open.scans.routes_vehicle_open_idx).toBeGreaterThan(0);
  });
});

// A drone whose route is finished may still be flying home from its last drop (and then swaps its
// battery). The next round must plan it from when it is back, not refuse the round or drop its
// orders with drone_busy: the new sortie launches after the stored one's pad release + turnaround,
// the plan records when the drone was available, and the stored plan still passes the checker.
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { adjustStock, createHub, createProduct } from '../../src/domain/catalog.js';
import { addAddress } from '../../src/domain/customers.js';
import { configureDispatch } from '../../src/domain/dispatch-settings.js';
import type { DispatchSummary, PlanStats } from '../../src/domain/dispatch.js';
import { checkCapacity } from '../../src/domain/drone-fleet.js';
import { createVehicle } from '../../src/domain/fleet.js';
import { recordStopEvent } from '../../src/domain/tracking.js';
import { setWeatherProvider, staticWeatherProvider } from '../../src/domain/weather.js';
import { dronePreset } from '../../src/engine/drone/presets.js';
import { recheckPlan } from '../domain/dispatch-fixtures.js';
import { bearer, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';
import { isoAt, T0_MS } from './drone-world.js';

let clockMs = T0_MS;
const now = () => Math.floor(clockMs / 1000);
const WING = dronePreset('vty_wing_like')!;

describeBackends(
  'dispatch with a drone still flying home',
  (env) => {
    let w: World;
    let hubId: string;
    let droneId: string;
    let padAddress: string;

    const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      env().app.inject({ method, url, headers: bearer(w.keys.operator), ...(payload !== undefined ? { payload: payload as object } : {}) });

    /** Quote then order as a drone order with a window opening `opensInS` from now; moved to ready. */
    async function droneOrder(opensInS: number): Promise<string> {
      const window = { start: isoAt(now() + opensInS), end: isoAt(now() + opensInS + 2 * 3600) };
      const lines = [{ sku: 'PAD-1', quantity: 1 }];
      const q = await call('POST', '/v1/quotes', { customerId: w.customers.alice, addressId: padAddress, lines, window });
      expect(q.statusCode, q.body).toBe(201);
      const o = await env().app.inject({ method: 'POST', url: '/v1/orders', headers: bearer(w.keys.alice), payload: { addressId: padAddress, lines, window, mode: 'drone', quoteId: q.json().id } });
      expect(o.statusCode, o.body).toBe(201);
      expect((await call('POST', `/v1/orders/${o.json().id}/transitions`, { to: 'ready' })).statusCode).toBe(200);
      return o.json().id;
    }
    async function dispatch(): Promise<DispatchSummary> {
      const r = await call('POST', `/v1/hubs/${hubId}/dispatch`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    }

    beforeAll(async () => {
      clockMs = T0_MS;
      const { ctx } = env();
      w = await seedWorld(env());
      configureDispatch(ctx, { solveTimeLimitMs: 800, solveMaxIterations: 500 });
      setWeatherProvider(ctx, staticWeatherProvider({ default: { windMps: 3, windFromDeg: 270, temperatureC: 12, precipitation: false } }));
      const a = SYSTEM_ACTOR;
      const day = [0, 1, 2, 3, 4, 5, 6].map((d) => ({ day: d, open: 7 * 3600, close: 21 * 3600 }));
      hubId = (await createHub(ctx, a, { name: 'Gerland', lon: 4.83, lat: 45.73, serviceRadiusM: 8000, openingHours: day, launchPads: 2, chargers: 2 })).id;
      await createProduct(ctx, a, { sku: 'PAD-1', name: 'Phone case', weightG: 300, lengthMm: 200, widthMm: 150, heightMm: 60, priceMinor: 1500, currency: 'EUR' });
      await adjustStock(ctx, a, { hubId, sku: 'PAD-1', delta: 20, reason: 'initial' });
      droneId = (await createVehicle(ctx, a, { hubId, kind: 'drone', name: 'D1', capacityG: 2500, capacityVolumeCm3: 9000, maxParcels: 5, speedMps: 25, rangeM: 20_000, costPerKmMinor: 5, costPerHourMinor: 0 })).id;
      expect((await call('PUT', `/v1/drones/${droneId}/profile`, { presetId: 'vty_wing_like' })).statusCode).toBe(200);
      padAddress = (await addAddress(ctx, a, w.customers.alice, { label: 'pad', line1: '1 allée du Pad', city: 'Lyon', postcode: '69007', country: 'FR', lon: 4.85, lat: 45.745, dropoff: 'drone_pad', dropoffNotes: null })).id;
    });

    it('the drone is planned from when it is back and turned around; nothing is refused or deferred', async () => {
      const repos = env().ctx.store.repos;
      const first = await droneOrder(600);
      const r1 = await dispatch();
      expect(r1.assigned).toEqual([first]);
      const [sortie] = await repos.flightPlans.padOccupancy(hubId, 0, 4_000_000_000);
      const drop = (await repos.plans.stopsOfRoutes([r1.flightPlans[0]!.routeId])).find((s) => s.kind === 'delivery')!;
      // Delivered at the drop: the route is complete, the drone is on its way home.
      clockMs = drop.plannedArrival! * 1000;
      await recordStopEvent(env().ctx, SYSTEM_ACTOR, drop.id, { type: 'delivered', proof: { photoRef: 'p1' } });
      expect((await repos.plans.getRoute(r1.flightPlans[0]!.routeId))!.state).toBe('completed');
      expect(sortie!.padUntil).toBeGreaterThan(now());

      // Two orders wanting the drone at once, before it is back.
      const next = [await droneOrder(0), await droneOrder(0)];
      const r2 = await dispatch();
      expect(r2.deferred).toEqual([]);
      expect([...r2.assigned].sort()).toEqual([...next].sort());
      const backAt = sortie!.padUntil + WING.turnaroundSeconds;
      const stats = (await repos.plans.getPlan(r2.planId!))!.stats as PlanStats;
      expect(stats.droneVehicles![droneId]!.availableFrom).toBe(backAt);
      const live = (await repos.flightPlans.padOccupancy(hubId, 0, 4_000_000_000)).filter((p) => p.state !== 'cancelled');
      expect(live).toHaveLength(3);
      for (const p of live.filter((x) => x.id !== sortie!.id)) expect(p.padFrom).toBeGreaterThanOrEqual(backAt);
      expect(checkCapacity(1, live.map((p) => ({ from: p.padFrom, until: p.padUntil + WING.turnaroundSeconds }))).ok).toBe(true);
      const { result } = await recheckPlan(env().ctx, r2.planId!);
      expect(result.violations).toEqual([]);
      expect(result.unassigned).toEqual([]);
    });
  },
  { nowMs: () => clockMs },
);

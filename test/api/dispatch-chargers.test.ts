// Hub chargers and battery packs as dispatch capacities, through the API on both back ends. Four
// hubs far apart with the same geometry (drops at the same offsets), Wing-like drones:
//   - few chargers, many short sorties: every stored plan set passes an independent recomputation
//     (sessions sized from the stored energy, never more sessions than chargers, never more packs
//     away than the drone has), and launches were delayed or orders deferred with the charger codes;
//     the same round at a hub with plenty of chargers is not delayed by them;
//   - sessions of stored plans (earlier rounds) count as busy chargers: packs wait for a free one;
//   - one pack: trip k+1 never launches before trip k's charge ends (longer than the turnaround);
//   - no charger at all: each drone flies only the packs that start charged.
import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { adjustStock, createHub, createProduct } from '../../src/domain/catalog.js';
import { addAddress } from '../../src/domain/customers.js';
import { configureDispatch } from '../../src/domain/dispatch-settings.js';
import type { DispatchSummary, PlanStats } from '../../src/domain/dispatch.js';
import { chargeSeconds, NO_CHARGED_BATTERY, NO_CHARGER_FREE } from '../../src/domain/drone-charging.js';
import { checkCapacity, checkChargerCapacity, PRESET_BAYS } from '../../src/domain/drone-fleet.js';
import { createVehicle } from '../../src/domain/fleet.js';
import { setWeatherProvider, staticWeatherProvider } from '../../src/domain/weather.js';
import { dronePreset } from '../../src/engine/drone/presets.js';
import type { DroneSpec } from '../../src/engine/drone/spec.js';
import type { FlightPlanRow } from '../../src/store/index.js';
import { recheckPlan } from '../domain/dispatch-fixtures.js';
import { bearer, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';
import { isoAt, T0_MS } from './drone-world.js';

let clockMs = T0_MS;
const now = () => Math.floor(clockMs / 1000);
const WING = dronePreset('vty_wing_like')!;
const CHARGER_CODES = new Set([NO_CHARGED_BATTERY, NO_CHARGER_FREE]);
/** Drop offsets from the hub (≈ 1–2.5 km): short sorties. */
const DROPS: Array<[number, number]> = [[0.015, 0.005], [-0.012, 0.01], [0.02, -0.008], [-0.018, -0.006], [0.008, 0.016], [-0.006, -0.017], [0.025, 0.01], [-0.022, 0.012], [0.012, -0.018], [-0.01, 0.02]];

interface TestHub {
  id: string;
  drones: string[];
  spec: DroneSpec;
  addresses: string[];
}

describeBackends(
  'hub chargers and battery packs in dispatch',
  (env) => {
    let w: World;
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      env().app.inject({ method, url, headers: bearer(w.keys.operator), ...(payload !== undefined ? { payload: payload as object } : {}) });
    const repos = () => env().ctx.store.repos;

    async function makeHub(name: string, at: [number, number], o: { chargers: number; pads: number; drones: number; packs: number }): Promise<TestHub> {
      const { ctx } = env();
      const day = [0, 1, 2, 3, 4, 5, 6].map((d) => ({ day: d, open: 7 * 3600, close: 21 * 3600 }));
      const id = (await createHub(ctx, SYSTEM_ACTOR, { name, lon: at[0], lat: at[1], serviceRadiusM: 8000, openingHours: day, launchPads: o.pads, chargers: o.chargers })).id;
      await adjustStock(ctx, SYSTEM_ACTOR, { hubId: id, sku: 'BOX-1', delta: 100, reason: 'initial' });
      const spec: DroneSpec = { ...WING, id: `wing_${o.packs}_packs`, batteryPacks: o.packs };
      const drones: string[] = [];
      for (let i = 1; i <= o.drones; i++) {
        const d = await createVehicle(ctx, SYSTEM_ACTOR, { hubId: id, kind: 'drone', name: `${name}-D${i}`, capacityG: 2500, capacityVolumeCm3: 9000, maxParcels: 5, speedMps: 25, rangeM: 20_000, costPerKmMinor: 5, costPerHourMinor: 0 });
        const r = await call('PUT', `/v1/drones/${d.id}/profile`, { spec, bay: PRESET_BAYS.vty_wing_like });
        expect(r.statusCode, r.body).toBe(200);
        drones.push(d.id);
      }
      const addresses: string[] = [];
      for (const [k, [dx, dy]] of DROPS.entries()) {
        addresses.push((await addAddress(ctx, SYSTEM_ACTOR, w.customers.alice, { label: `pad ${k}`, line1: `${k} allée ${name}`, city: name, postcode: '69000', country: 'FR', lon: at[0] + dx, lat: at[1] + dy, dropoff: 'drone_pad', dropoffNotes: null })).id);
      }
      return { id, drones, spec, addresses };
    }

    /** A quote through the API, then a drone order citing it (one 1.5 kg parcel: one per sortie); moved to ready. */
    async function droneOrder(hub: TestHub, addressId: string): Promise<string> {
      const window = { start: isoAt(now() + 600), end: isoAt(now() + 600 + 3 * 3600) };
      const lines = [{ sku: 'BOX-1', quantity: 1 }];
      const q = await call('POST', '/v1/quotes', { customerId: w.customers.alice, addressId, lines, window });
      expect(q.statusCode, q.body).toBe(201);
      expect(q.json().hubId).toBe(hub.id);
      const o = await env().app.inject({ method: 'POST', url: '/v1/orders', headers: bearer(w.keys.alice), payload: { addressId, lines, window, mode: 'drone', quoteId: q.json().id } });
      expect(o.statusCode, o.body).toBe(201);
      expect((await call('POST', `/v1/orders/${o.json().id}/transitions`, { to: 'ready' })).statusCode).toBe(200);
      return o.json().id;
    }
    async function dispatch(hub: TestHub): Promise<{ summary: DispatchSummary; stats: PlanStats }> {
      const r = await call('POST', `/v1/hubs/${hub.id}/dispatch`);
      expect(r.statusCode, r.body).toBe(200);
      const summary = r.json() as DispatchSummary;
      const { result } = await recheckPlan(env().ctx, summary.planId!);
      expect(result.violations).toEqual([]);
      return { summary, stats: (await repos().plans.getPlan(summary.planId!))!.stats as PlanStats };
    }
    const livePlans = async (hub: TestHub): Promise<FlightPlanRow[]> =>
      (await repos().flightPlans.padOccupancy(hub.id, 0, 4_000_000_000)).filter((p) => p.state !== 'cancelled');

    /** Independent recomputation from the stored rows: sessions, chargers, packs. */
    async function expectChargersAndPacksRespected(hub: TestHub, chargers: number): Promise<FlightPlanRow[]> {
      const plans = await livePlans(hub);
      expect(plans.length).toBeGreaterThan(0);
      for (const p of plans.filter((x) => hub.drones.includes(x.vehicleId))) {
        if (chargers === 0) {
          expect([p.chargeFrom, p.chargeUntil]).toEqual([null, null]);
          continue;
        }
        // The session starts once the pack is back (landing + recovery), lasts what the sortie's energy needs.
        expect(p.chargeFrom).not.toBeNull();
        expect(p.chargeFrom!).toBeGreaterThanOrEqual(p.landAt + WING.recoverySeconds);
        expect(p.chargeUntil! - p.chargeFrom!).toBe(chargeSeconds(hub.spec, p.energyWh));
      }
      if (chargers > 0) {
        const sessions = plans.map((p) => ({ from: p.chargeFrom!, until: p.chargeUntil! }));
        expect(checkChargerCapacity(chargers, sessions).conflicts).toEqual([]);
      }
      for (const d of hub.drones) {
        const own = plans.filter((p) => p.vehicleId === d);
        const away = own.map((p) => ({ from: p.padFrom, until: chargers > 0 ? p.chargeUntil! : p.padFrom + 86_400 }));
        expect(checkCapacity(hub.spec.batteryPacks!, away).conflicts, `drone ${d} launches without a charged pack`).toEqual([]);
      }
      return plans;
    }
    const chargerDelays = (stats: PlanStats) => Object.values(stats.launchDelayedBy ?? {}).filter((c) => CHARGER_CODES.has(c)).length;
    const chargerDeferrals = (summary: DispatchSummary) => summary.deferred.filter((d) => CHARGER_CODES.has(d.code)).length;

    let scarce: TestHub;
    let plenty: TestHub;
    let onePack: TestHub;
    let none: TestHub;
    let held: TestHub;
    beforeAll(async () => {
      clockMs = T0_MS;
      const { ctx } = env();
      w = await seedWorld(env());
      configureDispatch(ctx, { solveTimeLimitMs: 800, solveMaxIterations: 800 });
      setWeatherProvider(ctx, staticWeatherProvider({ default: { windMps: 3, windFromDeg: 270, temperatureC: 12, precipitation: false } }));
      // 1.5 kg: a Wing-like drone (2.27 kg) carries one per sortie, so ten orders are ten sorties.
      await createProduct(ctx, SYSTEM_ACTOR, { sku: 'BOX-1', name: 'Box', weightG: 1500, lengthMm: 200, widthMm: 150, heightMm: 100, priceMinor: 1500, currency: 'EUR' });
      // Far apart (and from the seeded hubs): every quote goes to the hub its drop surrounds.
      scarce = await makeHub('Scarce', [5.13, 45.73], { chargers: 1, pads: 4, drones: 2, packs: 3 });
      plenty = await makeHub('Plenty', [5.43, 45.73], { chargers: 8, pads: 4, drones: 2, packs: 3 });
      onePack = await makeHub('OnePack', [5.13, 46.03], { chargers: 4, pads: 2, drones: 1, packs: 1 });
      none = await makeHub('NoCharger', [5.43, 46.03], { chargers: 0, pads: 2, drones: 1, packs: 2 });
      held = await makeHub('Held', [5.73, 45.73], { chargers: 1, pads: 2, drones: 1, packs: 2 });
    });

    it('few chargers: launches wait for a charged pack (or the order waits for the next round); plenty of chargers: no such delay', async () => {
      for (const a of scarce.addresses) await droneOrder(scarce, a);
      for (const a of plenty.addresses) await droneOrder(plenty, a);
      const s = await dispatch(scarce);
      const p = await dispatch(plenty);
      await expectChargersAndPacksRespected(scarce, 1);
      const plentyPlans = await expectChargersAndPacksRespected(plenty, 8);
      // Ten one-parcel sorties on two drones with three packs each: one charger cannot keep up.
      expect(chargerDelays(s.stats) + chargerDeferrals(s.summary), JSON.stringify(s.summary.deferred)).toBeGreaterThan(0);
      expect(chargerDelays(p.stats)).toBe(0);
      expect(chargerDeferrals(p.summary)).toBe(0);
      expect(p.summary.assigned).toHaveLength(10);
      // With plenty of chargers no pack waited for one.
      for (const f of plentyPlans) expect(f.chargeFrom).toBe(f.padUntil);
      // The deferred orders stay drone orders for the next round.
      for (const d of s.summary.deferred.filter((x) => CHARGER_CODES.has(x.code))) expect((await repos().orders.get(d.orderId))!.deliveryMode).toBe('drone');
    });

    it('stored charge sessions (earlier rounds) count as busy chargers: packs wait for a free charger', async () => {
      // A stored plan (a drone of another hub: its packs do not count here) holds the hub's only charger for the next two hours.
      const t = now();
      const holdUntil = t + 2 * 3600;
      await repos().flightPlans.insert([{
        id: env().ctx.ids.next('fpl'), hubId: held.id, vehicleId: plenty.drones[0]!, routeId: null, tripNo: 1, orderIds: [], state: 'planned', padFrom: t - 900, takeoffAt: t - 870,
        landAt: t - 60, padUntil: t, chargeFrom: t, chargeUntil: holdUntil, cruiseAltitudeM: 50, path: [], distanceM: 0, energyWh: 0, specId: 'test', createdAt: t,
      }]);
      for (const a of held.addresses.slice(0, 4)) await droneOrder(held, a);
      const { summary, stats } = await dispatch(held);
      const plans = (await expectChargersAndPacksRespected(held, 1)).filter((p) => p.vehicleId !== plenty.drones[0]);
      // Two packs start charged: two sorties fly now, their packs charge only after the held session.
      expect(plans.length).toBeGreaterThanOrEqual(2);
      for (const p of plans) expect(p.chargeFrom!).toBeGreaterThanOrEqual(holdUntil);
      const waits = [...Object.values(stats.launchDelayedBy ?? {}), ...summary.deferred.map((d) => d.code)];
      expect(waits).toContain(NO_CHARGER_FREE);
    });

    it('one pack: trip k+1 launches only once trip k’s pack is charged', async () => {
      for (const a of onePack.addresses.slice(0, 3)) await droneOrder(onePack, a);
      const { summary } = await dispatch(onePack);
      const plans = (await expectChargersAndPacksRespected(onePack, 4)).sort((a, b) => a.padFrom - b.padFrom);
      expect(plans.length).toBeGreaterThanOrEqual(2);
      for (let k = 1; k < plans.length; k++) {
        // The charge is longer than the swap turnaround: the rule, not the turnaround, set the launch.
        expect(plans[k - 1]!.chargeUntil!).toBeGreaterThan(plans[k - 1]!.padUntil + WING.turnaroundSeconds);
        expect(plans[k]!.padFrom).toBeGreaterThanOrEqual(plans[k - 1]!.chargeUntil!);
      }
      expect(plans.length + summary.deferred.length).toBe(3);
    });

    it('no charger: each drone flies only the packs that start charged', async () => {
      for (const a of none.addresses.slice(0, 3)) await droneOrder(none, a);
      const { summary } = await dispatch(none);
      const plans = await expectChargersAndPacksRespected(none, 0);
      expect(plans).toHaveLength(2);
      expect(summary.deferred.map((d) => d.code)).toEqual([NO_CHARGED_BATTERY]);
    });
  },
  { nowMs: () => clockMs },
);

describe('charge session sizing', () => {
  it('a Wing-like pack charges at 1 C (240 W), a large pack at the charger power', () => {
    expect(chargeSeconds(WING, 60)).toBe(60 + 900);
    expect(chargeSeconds({ batteryWh: 2600 }, 1000)).toBe(60 + 1800);
  });
});

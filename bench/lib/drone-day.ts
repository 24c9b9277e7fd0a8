// The drone day's driver: one variant of the day through the city simulation (the domain on PGlite
// in memory, as `relais simulate` runs it), then the figures the comparison needs, read from the
// simulation's record (KPIs) and from the database's orders (chosen mode, weights).
import { createDomainContext } from '../../src/domain/context.js';
import { listOrders } from '../../src/domain/orders.js';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { computeKpis, type Kpis } from '../../src/sim/kpi.js';
import { runOnStore } from '../../src/sim/run.js';
import type { SimRecord } from '../../src/sim/recorder.js';
import { dronePayloadLimitG } from '../../src/sim/scenario/drone-day.js';
import type { Scenario } from '../../src/sim/scenario/schema.js';
import { parseScenario } from '../../src/sim/scenario/validate.js';
import type { PlanStats } from '../../src/domain/dispatch.js';
import { openStore } from '../../src/store/index.js';
import { plans } from '../../src/store/schema.js';

export interface ModeTotals {
  delivered: number;
  trips: number;
  distanceKm: number;
  energyWh: number;
  costMinor: number;
}

export interface DayFigures {
  name: string;
  kpis: Kpis;
  /** Orders placed whose parcel no drone of the day's fleet can lift (payload limit of the drone variant). */
  overPayload: number;
  /** Mode chosen at order time (from the delivery quote), as the database holds it. */
  orderedBy: { van: number; drone: number };
  byMode: { van: ModeTotals; drone: ModeTotals };
  /** Delivered within the promised window (the share of placed orders is the honest on-time figure: unserved ones are late too). */
  onTime: number;
  /** Orders placed, neither delivered nor given up at the end of the day (the database's count). */
  unserved: number;
  costMinor: number;
  distanceKm: number;
  /** Plans the independent checker refused (dispatch_infeasible): must be 0. */
  checkerRefusals: number;
  /** Drone orders whose launch a round delayed / that a round deferred, by cause (pads, packs, chargers): distinct orders over the day's plans. */
  launchWaits: Record<LaunchWait, { delayed: number; deferred: number }>;
  anomalies: Record<string, number>;
  wallS: number;
  ordersPerS: number;
}

export const LAUNCH_WAITS = ['no_launch_slot', 'no_charged_battery', 'no_charger_free'] as const;
export type LaunchWait = (typeof LAUNCH_WAITS)[number];

export interface DayOptions {
  seed: number;
  hours: number;
  /** Payload limit to count orders against (the drone variant's, also for the vans-only day). */
  payloadLimitG?: number;
  onProgress?: (simS: number, record: SimRecord) => void;
}

export async function runDay(s: Scenario, opts: DayOptions): Promise<DayFigures> {
  const loaded = parseScenario(s, s.name);
  const store = await openStore({ kind: 'pglite', dataDir: null });
  try {
    await store.migrate();
    const { record, wallMs } = await runOnStore(store, loaded, { hours: opts.hours, seed: opts.seed, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) }, true);
    const kpis = computeKpis(record);
    const limitG = opts.payloadLimitG ?? dronePayloadLimitG(s);
    const ctx = createDomainContext(store);
    let overPayload = 0;
    const orderedBy = { van: 0, drone: 0 };
    let afterId: string | undefined;
    for (;;) {
      const page = await listOrders(ctx, SYSTEM_ACTOR, {}, { limit: 500, ...(afterId ? { afterId } : {}) });
      for (const o of page.items) {
        if (o.weightG > limitG) overPayload++;
        orderedBy[o.deliveryMode === 'drone' ? 'drone' : 'van']++;
      }
      if (!page.nextAfterId) break;
      afterId = page.nextAfterId;
    }
    const totals = (mode: 'van' | 'drone'): ModeTotals => {
      const trips = record.trips.filter((t) => t.mode === mode);
      return {
        delivered: kpis.byMode[mode].delivered,
        trips: trips.length,
        distanceKm: trips.reduce((a, t) => a + t.distanceM, 0) / 1000,
        energyWh: trips.reduce((a, t) => a + t.energyWh, 0),
        costMinor: trips.reduce((a, t) => a + t.costMinor, 0),
      };
    };
    const byMode = { van: totals('van'), drone: totals('drone') };
    const waits = Object.fromEntries(LAUNCH_WAITS.map((c) => [c, { delayed: new Set<string>(), deferred: new Set<string>() }]));
    for (const { stats } of await store.db.select({ stats: plans.stats }).from(plans)) {
      const st = stats as PlanStats;
      for (const [id, code] of Object.entries(st.launchDelayedBy ?? {})) waits[code]?.delayed.add(id);
      for (const d of st.deferred ?? []) waits[d.code]?.deferred.add(d.orderId);
    }
    const launchWaits = Object.fromEntries(LAUNCH_WAITS.map((c) => [c, { delayed: waits[c]!.delayed.size, deferred: waits[c]!.deferred.size }])) as DayFigures['launchWaits'];
    const db = kpis.databaseStates;
    const unserved = Object.entries(db).filter(([state]) => state !== 'delivered' && state !== 'returned' && state !== 'cancelled').reduce((a, [, n]) => a + n, 0);
    const arriving = kpis.placed + Object.values(kpis.refused).reduce((a, b) => a + b, 0);
    return {
      name: s.name,
      kpis,
      overPayload,
      orderedBy,
      onTime: record.deliveries.filter((d) => d.deliveredAt <= d.windowEnd).length,
      byMode,
      unserved,
      costMinor: byMode.van.costMinor + byMode.drone.costMinor,
      distanceKm: byMode.van.distanceKm + byMode.drone.distanceKm,
      checkerRefusals: record.anomalies.dispatch_dispatch_infeasible ?? 0,
      launchWaits,
      anomalies: record.anomalies,
      wallS: wallMs / 1000,
      ordersPerS: arriving / Math.max(1e-9, wallMs / 1000),
    };
  } finally {
    await store.close();
  }
}

/** Why a day's figures cannot be trusted (empty = sound): the bench exits non-zero on any. */
export function dayProblems(d: DayFigures): string[] {
  const out: string[] = [];
  if (d.checkerRefusals > 0) out.push(`${d.name}: ${d.checkerRefusals} dispatch plan(s) failed the independent checker`);
  if (!d.kpis.consistent) out.push(`${d.name}: the simulation's record and the database disagree on order states`);
  if (d.kpis.delivered + d.kpis.failed + d.unserved !== d.kpis.placed) {
    out.push(`${d.name}: delivered ${d.kpis.delivered} + failed ${d.kpis.failed} + unserved ${d.unserved} ≠ placed ${d.kpis.placed}`);
  }
  return out;
}

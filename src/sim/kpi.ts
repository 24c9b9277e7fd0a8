// Key figures of a run, computed from the record of what happened (deliveries, trips, refusals)
// and cross-checked against the order states the database holds at the end.
import type { Mode, SimRecord } from './recorder.js';

export interface ModeFigures {
  delivered: number;
  onTimePct: number | null;
  distancePerParcelKm: number | null;
  energyPerParcelWh: number | null;
  costPerParcelMinor: number | null;
  utilisationPct: number | null;
  trips: number;
  failedAttempts: number;
}

export interface Kpis {
  simulatedHours: number;
  placed: number;
  delivered: number;
  /** Given up after the last attempt (returned to stock). */
  failed: number;
  /** Placed but neither delivered nor given up when the run ended. */
  open: number;
  refused: Record<string, number>;
  stockOuts: number;
  failedAttempts: { nobodyHome: number; windAbort: number; notFlyable: number };
  onTimePct: number | null;
  promiseToDeliveryMin: { mean: number | null; p95: number | null };
  distancePerParcelKm: number | null;
  energyPerParcelWh: number | null;
  costPerParcelMinor: number | null;
  utilisationPct: number | null;
  byMode: Record<Mode, ModeFigures>;
  dispatchRounds: number;
  purchaseOrders: SimRecord['purchaseOrders'];
  /** Orders per state in the database at the end. */
  databaseStates: Record<string, number>;
  /** True when delivered/returned/open agree with the database's own count. */
  consistent: boolean;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const ratio = (a: number, b: number, digits = 1) => (b > 0 ? round(a / b, digits) : null);

export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Seconds each vehicle's hub was open within the simulated period. */
function openSeconds(r: SimRecord, hubId: string): number {
  const hub = r.hubs.find((h) => h.id === hubId)!;
  let s = 0;
  for (let day = Math.floor(r.startS / 86_400) * 86_400; day < r.endS; day += 86_400) {
    const a = Math.max(r.startS, day + hub.opensS);
    const b = Math.min(r.endS, day + hub.closesS);
    if (b > a) s += b - a;
  }
  return s;
}

export function computeKpis(r: SimRecord): Kpis {
  const placed = r.placed.length;
  const delivered = r.deliveries.length;
  const failed = r.returned.length;
  const open = placed - delivered - failed;
  const onTime = (d: SimRecord['deliveries'][number]) => d.deliveredAt <= d.windowEnd;
  const waits = r.deliveries.map((d) => (d.deliveredAt - d.placedAt) / 60).sort((a, b) => a - b);
  const trips = r.trips;
  const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
  const busy = (mode?: Mode) => {
    const vs = r.vehicles.filter((v) => !mode || v.mode === mode);
    const avail = sum(vs.map((v) => openSeconds(r, v.hubId)));
    const used = sum(trips.filter((t) => !mode || t.mode === mode).map((t) => Math.max(0, Math.min(t.returnAt, r.endS) - t.departAt)));
    return avail > 0 ? round((100 * used) / avail) : null;
  };
  const byMode = {} as Record<Mode, ModeFigures>;
  for (const mode of ['van', 'drone'] as const) {
    const ds = r.deliveries.filter((d) => d.mode === mode);
    const ts = trips.filter((t) => t.mode === mode);
    byMode[mode] = {
      delivered: ds.length,
      onTimePct: ratio(100 * ds.filter(onTime).length, ds.length),
      distancePerParcelKm: ratio(sum(ts.map((t) => t.distanceM)) / 1000, ds.length, 2),
      energyPerParcelWh: ratio(sum(ts.map((t) => t.energyWh)), ds.length),
      costPerParcelMinor: ratio(sum(ts.map((t) => t.costMinor)), ds.length, 0),
      utilisationPct: busy(mode),
      trips: ts.length,
      failedAttempts: r.failures.filter((f) => f.mode === mode).length,
    };
  }
  const db = r.finalStates;
  const dbOpen = sum(Object.entries(db).filter(([s]) => s !== 'delivered' && s !== 'returned' && s !== 'cancelled').map(([, n]) => n));
  return {
    simulatedHours: round((r.endS - r.startS) / 3600, 2),
    placed,
    delivered,
    failed,
    open,
    refused: r.refused,
    stockOuts: r.refused.stock_insufficient ?? 0,
    failedAttempts: { nobodyHome: r.failures.filter((f) => f.reason === 'nobody_home').length, windAbort: r.failures.filter((f) => f.reason === 'wind_abort').length, notFlyable: r.failures.filter((f) => f.reason === 'not_flyable').length },
    onTimePct: ratio(100 * r.deliveries.filter(onTime).length, delivered),
    promiseToDeliveryMin: { mean: waits.length ? round(sum(waits) / waits.length) : null, p95: percentile(waits, 95) === null ? null : round(percentile(waits, 95)!) },
    distancePerParcelKm: ratio(sum(trips.map((t) => t.distanceM)) / 1000, delivered, 2),
    energyPerParcelWh: ratio(sum(trips.map((t) => t.energyWh)), delivered),
    costPerParcelMinor: ratio(sum(trips.map((t) => t.costMinor)), delivered, 0),
    utilisationPct: busy(),
    byMode,
    dispatchRounds: r.dispatchRounds,
    purchaseOrders: r.purchaseOrders,
    databaseStates: db,
    consistent: (db.delivered ?? 0) === delivered && (db.returned ?? 0) === failed && dbOpen === open && sum(Object.values(db)) === placed,
  };
}

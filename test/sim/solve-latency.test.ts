// The rounds' solves on a worker thread, and plans that take effect some simulated time after
// their snapshot (operations.solveLatencyS). The thread must not change a single answer; with a
// latency, each plan is made for and stored at snapshot + latency, and the hub holds departures
// while its round is out.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeKpis } from '../../src/sim/kpi.js';
import type { SimRecord } from '../../src/sim/recorder.js';
import { runOnStore } from '../../src/sim/run.js';
import { parseScenario } from '../../src/sim/scenario/validate.js';
import { openStore } from '../../src/store/index.js';

const HOURS = 4;
const LATENCY = 120;

interface Played {
  record: SimRecord;
  rounds: Array<{ hubId: string; issuedAt: number }>;
  plans: Array<{ hubId: string; createdAt: number; origin: number }>;
}

async function play(solver: 'thread' | 'inline', latency: number, city: 'small-town' | 'lyon-busy' = 'small-town'): Promise<Played> {
  const raw = JSON.parse(readFileSync(`scenarios/${city === 'small-town' ? 'small-town' : 'lyon-demo'}.json`, 'utf8'));
  raw.operations.solveLatencyS = latency;
  if (city === 'lyon-busy') {
    // bench:sim's busy day (10,000 orders, fleet and chargers ×5): drones wait for packs, so some
    // routes are due to leave while the next round is out.
    raw.demand.ordersPerDay = 10_000;
    for (const f of raw.fleet) f.count *= 5;
    for (const h of raw.hubs) h.chargers *= 5;
    raw.stock.defaultUnits *= 5;
    for (const o of raw.stock.overrides) o.units *= 5;
  }
  const loaded = parseScenario(raw, `${city} (latency)`);
  const store = await openStore({ kind: 'pglite', dataDir: null });
  try {
    await store.migrate();
    const rounds: Played['rounds'] = [];
    const { record } = await runOnStore(store, loaded, { hours: city === 'small-town' ? HOURS : 9, seed: 5, solver, onSolve: (r) => rounds.push({ hubId: r.hubId, issuedAt: r.simS }) }, true);
    const rows = await store.db.execute(sql`select hub_id, created_at, stats from plans order by id`);
    const plans = (rows as unknown as { rows: Array<{ hub_id: string; created_at: number; stats: { origin: number } }> }).rows.map((p) => ({ hubId: p.hub_id, createdAt: Number(p.created_at), origin: p.stats.origin }));
    return { record, rounds, plans };
  } finally {
    await store.close();
  }
}

/** What must not depend on where the solver ran (costs are timings, so left out). */
const outcome = (r: SimRecord) => ({ ...r, eventCosts: undefined });

let inline0: Played;
let thread0: Played;
let inlineL: Played;
let threadL: Played;
let busy: Played;

beforeAll(async () => {
  [inline0, thread0, inlineL, threadL, busy] = [
    await play('inline', 0), await play('thread', 0), await play('inline', LATENCY), await play('thread', LATENCY), await play('thread', LATENCY, 'lyon-busy'),
  ];
}, 600_000);

describe('solves on a worker thread', () => {
  it('give the day exactly as solving on the event loop does', () => {
    expect(thread0.record.deliveries.length).toBeGreaterThan(10);
    expect(outcome(thread0.record)).toEqual(outcome(inline0.record));
    expect(outcome(threadL.record)).toEqual(outcome(inlineL.record));
  });
});

describe(`plans that take effect ${LATENCY} s after their snapshot`, () => {
  it('are planned for and stored at snapshot + latency, one per solved round', () => {
    expect(threadL.rounds.length).toBeGreaterThan(3);
    expect(threadL.plans.length).toBe(threadL.rounds.length);
    const due = threadL.rounds.map((r) => `${r.hubId}@${r.issuedAt + LATENCY}`).sort();
    expect(threadL.plans.map((p) => `${p.hubId}@${p.createdAt}`).sort()).toEqual(due);
    for (const p of threadL.plans) expect(p.origin).toBe(p.createdAt);
    // Without a latency a plan is stored in the instant of its snapshot.
    const at0 = new Set(thread0.rounds.map((r) => `${r.hubId}@${r.issuedAt}`));
    for (const p of thread0.plans) expect(at0.has(`${p.hubId}@${p.createdAt}`)).toBe(true);
  });

  it('no vehicle sets out on a route while its hub is re-planning: it waits for the new plan', () => {
    for (const played of [threadL, busy]) {
      const trips = played.record.trips;
      expect(trips.length).toBeGreaterThan(0);
      const routeStart = new Map<string, { hubId: string; at: number }>();
      for (const t of trips) if (!routeStart.has(t.routeId) || routeStart.get(t.routeId)!.at > t.departAt) routeStart.set(t.routeId, { hubId: t.hubId, at: t.departAt });
      for (const r of played.rounds) {
        const leaving = [...routeStart].filter(([, s]) => s.hubId === r.hubId && s.at > r.issuedAt && s.at < r.issuedAt + LATENCY);
        expect(leaving, `routes leaving ${r.hubId} between ${r.issuedAt} and ${r.issuedAt + LATENCY}`).toEqual([]);
      }
    }
    // On the busy day some departures fall in a round's window: held, they cannot make the round's commit conflict.
    expect(busy.record.departuresHeld).toBeGreaterThan(0);
    expect(busy.record.anomalies).toEqual({});
  });

  it('the day still balances: delivered + given up + open = placed, as the database says', () => {
    const k = computeKpis(threadL.record);
    expect(k.delivered).toBeGreaterThan(10);
    expect(k.delivered + k.failed + k.open).toBe(k.placed);
    expect(k.consistent).toBe(true);
  });
});

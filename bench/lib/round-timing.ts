// Round-planning timing: one hub of a scenario with N ready orders (placed through the domain's
// quote and intake, so drone and van modes are as customers chose them), then the domain's
// dispatch round run several times on that same pool (a round re-plans routes that have not
// started), the solver in this thread (one core). Each round's wall time covers reading the pool,
// drone eligibility, building the problem, the solve, the repair into battery-feasible trips, the
// independent checker, flight plans and storing the plan; a plan the checker refuses throws.
import { SYSTEM_ACTOR, type Actor } from '../../src/domain/actor.js';
import { type PlanStats, runDispatchRound } from '../../src/domain/dispatch.js';
import { safetyNetRepairs } from '../../src/domain/dispatch-drones.js';
import { configureDispatch, DEFAULT_DISPATCH_SETTINGS } from '../../src/domain/dispatch-settings.js';
import { DomainError } from '../../src/domain/errors.js';
import { placeOrderTx, transitionOrder } from '../../src/domain/orders.js';
import { applyDeliveryChoiceTx, createQuote } from '../../src/domain/quotes.js';
import { setWeatherProvider, staticWeatherProvider } from '../../src/domain/weather.js';
import { dronePreset } from '../../src/engine/drone/presets.js';
import type { Problem, SolveOptions } from '../../src/engine/model.js';
import { solve } from '../../src/engine/solve.js';
import { haversineMetres } from '../../src/geo/haversine.js';
import { SimClock } from '../../src/sim/clock.js';
import { cumulativeWeights, pickWeighted, rng } from '../../src/sim/random.js';
import { simContext } from '../../src/sim/run.js';
import type { Scenario } from '../../src/sim/scenario/schema.js';
import { parseScenario } from '../../src/sim/scenario/validate.js';
import { seedScenario } from '../../src/sim/seed.js';
import { loadWorld } from '../../src/sim/world.js';
import { openStore } from '../../src/store/index.js';

export interface RoundTimingOptions {
  orders: number;
  rounds: number;
  seed: number;
  /** Solver time budget per round (ms); default: the domain's (what `relais serve` uses). */
  budgetMs?: number;
  /** Or a fixed iteration budget instead (deterministic). */
  iterations?: number;
  /** Hour of the day (UTC) the rounds run at; the hubs must be open. */
  hour?: number;
  /** Sees each round's Problem before it is solved (to export it for direct solver runs). */
  onProblem?: (problem: Problem, round: number) => void;
}

export interface RoundTiming {
  hub: string;
  pool: number;
  droneOrders: number;
  vehicles: { vans: number; drones: number };
  rounds: Array<{
    totalMs: number; cpuMs: number; solveMs: number; iterations: number; assigned: number; unassigned: number; routes: number; droneRoutes: number; late: number;
    /** Post-solve repair (checker-driven): jobs taken off the solver's routes, jobs it placed. */
    repairDropped: number; repairInserted: number;
    /** Drone sorties the physical model refused at flight-plan time (the safety net). */
    safetyNet: number;
  }>;
  setupS: number;
}

const OPERATOR: Actor = { ...SYSTEM_ACTOR, via: 'bench' };

export async function timeDispatchRounds(s: Scenario, opts: RoundTimingOptions): Promise<RoundTiming> {
  const loaded = parseScenario(s, s.name);
  const store = await openStore({ kind: 'pglite', dataDir: null });
  const t0 = performance.now();
  try {
    await store.migrate();
    const clock = new SimClock(Math.floor(Date.parse(s.start) / 1000) + (opts.hour ?? 10) * 3600);
    const ctx = simContext(store, clock, opts.seed);
    await seedScenario(ctx, s, loaded.zones);
    const world = await loadWorld(ctx, s);
    // The simulation's settings for the domain (src/sim/simulation.ts): weather, van road speed, service time.
    const w = s.weather[0]!;
    setWeatherProvider(ctx, staticWeatherProvider({ default: { windMps: w.windMps, windFromDeg: w.fromDeg, ...(w.gustMps !== undefined ? { gustMps: w.gustMps } : {}), ...(w.temperatureC !== undefined ? { temperatureC: w.temperatureC } : {}), ...(w.precipitation !== undefined ? { precipitation: w.precipitation } : {}) } }));
    const van = s.fleet.find((f) => f.kind === 'van');
    const drone = s.fleet.find((f) => f.kind === 'drone');
    configureDispatch(ctx, {
      ...(van?.kind === 'van' ? { vanSpeedMps: van.speedMps / s.operations.roadFactor } : {}),
      serviceS: s.operations.vanServiceS,
      maxAttempts: s.operations.maxAttempts,
      ...(drone?.kind === 'drone' ? { droneReloadS: dronePreset(drone.preset)!.turnaroundSeconds } : {}),
      ...(opts.budgetMs !== undefined ? { solveTimeLimitMs: opts.budgetMs } : {}),
      ...(opts.iterations !== undefined ? { solveMaxIterations: opts.iterations } : {}),
    });

    // The first hub's own customers (nearest hub), in turn, ordering from the scenario's product mix.
    const hub = world.hubs[0]!;
    const nearest = (lon: number, lat: number) => world.hubs.reduce((best, h) => (haversineMetres(h.row.lon, h.row.lat, lon, lat) < haversineMetres(best.row.lon, best.row.lat, lon, lat) ? h : best));
    const local = world.addresses.filter((a) => nearest(a.address.lon, a.address.lat) === hub && haversineMetres(hub.row.lon, hub.row.lat, a.address.lon, a.address.lat) <= hub.row.serviceRadiusM);
    if (local.length === 0) throw new Error(`hub ${hub.row.name} has no customers in its area`);
    const r = rng(opts.seed, 41);
    const cum = cumulativeWeights(world.productWeights);
    const now = clock.nowS;
    let droneOrders = 0;
    for (let i = 0; i < opts.orders; i++) {
      const { customerId, address } = local[i % local.length]!;
      const lines = [{ sku: world.products[pickWeighted(r, cum)]!.sku, quantity: 1 }];
      const window = { start: now, end: now + s.demand.windowLengthS };
      const customer: Actor = { role: 'customer', subjectId: customerId, via: 'bench' };
      const quote = await createQuote(ctx, customer, { customerId, addressId: address.id, lines, window });
      const placed = await store.transaction(async (tx) => {
        const p = await placeOrderTx(ctx, tx, customer, { customerId, addressId: address.id, lines, windowStart: window.start, windowEnd: window.end });
        return quote.recommendedMode ? applyDeliveryChoiceTx(ctx, tx, p, { quoteId: quote.row.id }) : p;
      });
      if (placed.order.hubId !== hub.row.id) throw new Error(`order ${placed.order.id} went to another hub (stock?)`);
      if (placed.order.deliveryMode === 'drone') droneOrders++;
      await transitionOrder(ctx, OPERATOR, placed.order.id, 'ready', 'picked and packed');
    }
    const setupS = (performance.now() - t0) / 1000;

    const rounds: RoundTiming['rounds'] = [];
    for (let k = 0; k < opts.rounds; k++) {
      let solveMs = 0;
      let iterations = 0;
      const t1 = performance.now();
      const cpu0 = process.cpuUsage();
      let summary;
      try {
        summary = await runDispatchRound(ctx, hub.row.id, {
          solve: async ({ problem, timeLimitMs, maxIterations, initialSolution }) => {
            opts.onProblem?.(problem, k);
            const r0 = performance.now();
            const options: SolveOptions = { seed: opts.seed + k, ...(maxIterations !== undefined ? { maxIterations } : { timeLimitMs }), ...(initialSolution ? { initialSolution } : {}) };
            const res = solve(problem, options);
            solveMs = performance.now() - r0;
            iterations = res.iterations;
            return { solution: res.solution, iterations: res.iterations, elapsedMs: res.elapsedMs };
          },
        });
      } catch (err) {
        if (err instanceof DomainError && err.code === 'dispatch_infeasible') throw new Error(`round ${k + 1}: ${err.message}`);
        throw err;
      }
      const totalMs = performance.now() - t1;
      const cpu = process.cpuUsage(cpu0);
      const stats = summary.planId ? ((await store.repos.plans.getPlan(summary.planId))?.stats as PlanStats | undefined) : undefined;
      const droneIds = new Set(world.vehicles.filter((v) => v.kind === 'drone').map((v) => v.row.id));
      rounds.push({
        totalMs, cpuMs: (cpu.user + cpu.system) / 1000, solveMs, iterations, assigned: summary.assigned.length, unassigned: summary.unassigned.length, routes: summary.routes,
        droneRoutes: summary.flightPlans.filter((f) => droneIds.has(f.vehicleId)).length, late: summary.late.length,
        repairDropped: stats?.repair.dropped ?? 0, repairInserted: stats?.repair.inserted ?? 0, safetyNet: safetyNetRepairs(summary.deferred),
      });
    }
    const onHub = world.vehicles.filter((v) => v.hubId === hub.row.id);
    return {
      hub: hub.row.name, pool: opts.orders, droneOrders, rounds, setupS,
      vehicles: { vans: onHub.filter((v) => v.kind === 'van').length, drones: onHub.filter((v) => v.kind === 'drone').length },
    };
  } finally {
    await store.close();
  }
}

export const DEFAULT_ROUND_BUDGET_MS = DEFAULT_DISPATCH_SETTINGS.solveTimeLimitMs;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

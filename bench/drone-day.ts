// Drone day benchmark: the generated drone day (src/sim/scenario/drone-day.ts) through the city
// simulation twice, with drones and vans-only (same city, same demand), side by side; then the
// round-planning timing of one hub with 500 ready orders on one core (target ≤ 5 s per round).
//   npm run bench:drone-day -- [--orders N] [--seed N] [--hours H] [--quick]
//                              [--round-orders N] [--rounds N] [--budget-ms MS | --iterations N] [--only day|rounds] [--csv FILE]
//                              [--export-problem FILE]
// --export-problem FILE: the first timed round's engine Problem as JSON (jobs layer codec), for direct solver runs.
// --quick: a small smoke (150 orders, a 100-order round twice). "rest" = the round outside the solver (reads,
// eligibility, problem, repair, checker, flight plans, writes). Exit code 1 when a plan failed the
// independent checker or the record and the database disagree; 2 on a bad option.
import { writeFileSync } from 'node:fs';
import { defaultCsvPath, writeCsv } from './lib/csv.js';
import type { Problem } from '../src/engine/model.js';
import { encodeProblem } from '../src/jobs/problem-codec.js';
import { dayProblems, type DayFigures, runDay } from './lib/drone-day.js';
import { DEFAULT_ROUND_BUDGET_MS, median, type RoundTiming, timeDispatchRounds } from './lib/round-timing.js';
import { formatTable } from './lib/table.js';
import { DRONE_DAY_DEFAULTS, droneDayScenario, dronePayloadLimitG, vansOnly } from '../src/sim/scenario/drone-day.js';

const ROUND_TARGET_S = 5;

interface Args {
  orders: number;
  seed: number;
  hours: number;
  roundOrders: number;
  rounds: number;
  budgetMs: number | undefined;
  iterations: number | undefined;
  only: 'day' | 'rounds' | undefined;
  csv: string | undefined;
  exportProblem: string | undefined;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const a: Args = {
    orders: quick ? 150 : DRONE_DAY_DEFAULTS.orders, seed: DRONE_DAY_DEFAULTS.seed, hours: 24,
    roundOrders: quick ? 100 : 500, rounds: quick ? 2 : 5, budgetMs: undefined, iterations: undefined, only: undefined, csv: undefined, exportProblem: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--quick') continue;
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    const int = (min: number) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be a whole number ≥ ${min}, got ${value}`);
      return n;
    };
    if (flag === '--orders') a.orders = int(1);
    else if (flag === '--seed') a.seed = int(0);
    else if (flag === '--hours') a.hours = int(1);
    else if (flag === '--round-orders') a.roundOrders = int(1);
    else if (flag === '--rounds') a.rounds = int(1);
    else if (flag === '--budget-ms') a.budgetMs = int(10);
    else if (flag === '--iterations') a.iterations = int(1);
    else if (flag === '--only') {
      if (value !== 'day' && value !== 'rounds') throw new UsageError(`--only must be day or rounds, got ${value}`);
      a.only = value;
    } else if (flag === '--csv') a.csv = value;
    else if (flag === '--export-problem') a.exportProblem = value;
    else throw new UsageError(`unknown option ${flag}`);
  }
  if (a.budgetMs !== undefined && a.iterations !== undefined) throw new UsageError('give --budget-ms or --iterations, not both');
  return a;
}

const pct = (n: number, of: number) => (of > 0 ? `${((100 * n) / of).toFixed(1)} %` : '–');
const euros = (minor: number) => (minor / 100).toFixed(2);
const num = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '–' : x.toFixed(digits));

function dayRows(days: DayFigures[]): string[][] {
  const row = (label: string, f: (d: DayFigures) => string) => [label, ...days.map(f)];
  const refused = (d: DayFigures) => Object.values(d.kpis.refused).reduce((a, b) => a + b, 0);
  return [
    row('orders arriving / placed', (d) => `${d.kpis.placed + refused(d)} / ${d.kpis.placed}`),
    row('parcels over the drone payload', (d) => `${d.overPayload} (${pct(d.overPayload, d.kpis.placed)})`),
    row('ordered by drone / van (quote)', (d) => `${d.orderedBy.drone} / ${d.orderedBy.van}`),
    row('delivered', (d) => String(d.kpis.delivered)),
    row('share by mode, drone / van', (d) => `${pct(d.byMode.drone.delivered, d.kpis.delivered)} / ${pct(d.byMode.van.delivered, d.kpis.delivered)}`),
    row('given up / unserved at the end', (d) => `${d.kpis.failed} / ${d.unserved}`),
    row('on time, of delivered / of placed', (d) => `${num(d.kpis.onTimePct)} % / ${pct(d.onTime, d.kpis.placed)}`),
    row('on time, drone / van', (d) => `${num(d.kpis.byMode.drone.onTimePct)} / ${num(d.kpis.byMode.van.onTimePct)} %`),
    row('promise to delivery, mean / p95 (min)', (d) => `${num(d.kpis.promiseToDeliveryMin.mean, 0)} / ${num(d.kpis.promiseToDeliveryMin.p95, 0)}`),
    row('energy per drone parcel (Wh)', (d) => num(d.kpis.byMode.drone.energyPerParcelWh)),
    row('energy per van parcel (Wh)', (d) => num(d.kpis.byMode.van.energyPerParcelWh)),
    row('energy per parcel, all (Wh)', (d) => num(d.kpis.energyPerParcelWh)),
    row('distance, drone / van (km)', (d) => `${d.byMode.drone.distanceKm.toFixed(0)} / ${d.byMode.van.distanceKm.toFixed(0)}`),
    row('trips, drone / van', (d) => `${d.byMode.drone.trips} / ${d.byMode.van.trips}`),
    row('cost, total (EUR)', (d) => euros(d.costMinor)),
    row('cost per delivered parcel (EUR)', (d) => (d.kpis.delivered ? euros(d.costMinor / d.kpis.delivered) : '–')),
    row('failed attempts: nobody home / wind / not flyable', (d) => `${d.kpis.failedAttempts.nobodyHome} / ${d.kpis.failedAttempts.windAbort} / ${d.kpis.failedAttempts.notFlyable}`),
    row('drone launches delayed: pads / packs / chargers', (d) => `${d.launchWaits.no_launch_slot.delayed} / ${d.launchWaits.no_charged_battery.delayed} / ${d.launchWaits.no_charger_free.delayed}`),
    row('drone orders deferred: pads / packs / chargers', (d) => `${d.launchWaits.no_launch_slot.deferred} / ${d.launchWaits.no_charged_battery.deferred} / ${d.launchWaits.no_charger_free.deferred}`),
    row('plans refused by the checker', (d) => String(d.checkerRefusals)),
    row('database agrees with the record', (d) => (d.kpis.consistent ? 'yes' : 'NO')),
    row('wall time of the day (s)', (d) => d.wallS.toFixed(1)),
    row('orders per second (wall)', (d) => d.ordersPerS.toFixed(1)),
  ];
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const scenario = droneDayScenario({ seed: args.seed, orders: args.orders });
  const limitG = dronePayloadLimitG(scenario);
  console.log(`bench:drone-day — ${scenario.description}`);
  console.log(`seed ${args.seed}, ${args.hours} simulated hours, PGlite in memory, solver ${scenario.operations.solveIterations} iterations per round in the day`);
  console.log('(shared 2-core machine: wall times are noisy; compare the columns of one run; CPU times are steadier)');
  const problems: string[] = [];
  const dayCsv: Array<Array<string | number | boolean>> = [];
  const roundCsv: Array<Array<string | number | boolean>> = [];

  if (args.only !== 'rounds') {
    const days: DayFigures[] = [];
    for (const s of [scenario, vansOnly(scenario)]) {
      const t0 = performance.now();
      let last = t0;
      console.log(`\nrunning ${s.name}…`);
      const d = await runDay(s, {
        seed: args.seed, hours: args.hours, payloadLimitG: limitG,
        onProgress: (simS, r) => {
          const now = performance.now();
          if (now - last < 30_000) return;
          last = now;
          console.log(`  ${new Date(simS * 1000).toISOString().slice(11, 16)} UTC simulated, ${((now - t0) / 1000).toFixed(0)} s: placed ${r.placed.length}, delivered ${r.deliveries.length}`);
        },
      });
      days.push(d);
      problems.push(...dayProblems(d));
      const k = d.kpis;
      dayCsv.push([s.name, args.seed, args.orders, k.placed, d.overPayload, k.delivered, k.byMode.drone.delivered, k.byMode.van.delivered, k.failed, d.unserved, k.onTimePct ?? '',
        k.byMode.drone.energyPerParcelWh ?? '', d.byMode.drone.distanceKm.toFixed(1), d.byMode.van.distanceKm.toFixed(1), euros(d.costMinor), d.wallS.toFixed(1), d.ordersPerS.toFixed(2), d.checkerRefusals, k.consistent]);
    }
    console.log(`\nthe day, side by side (payload limit ${limitG} g):`);
    console.log(formatTable(['figure', 'drones + vans', 'vans only'], dayRows(days)));
    const [mixed, vans] = days as [DayFigures, DayFigures];
    if (mixed.kpis.delivered && vans.kpis.delivered) {
      console.log(`ratios drones+vans / vans only: cost per parcel ×${((mixed.costMinor / mixed.kpis.delivered) / (vans.costMinor / vans.kpis.delivered)).toFixed(2)}, `
        + `van km ×${(mixed.byMode.van.distanceKm / Math.max(1e-9, vans.byMode.van.distanceKm)).toFixed(2)}, `
        + `energy per parcel ×${((mixed.kpis.energyPerParcelWh ?? 0) / Math.max(1e-9, vans.kpis.energyPerParcelWh ?? 0)).toFixed(2)}`);
    }
  }

  if (args.only !== 'day') {
    const budget = args.iterations !== undefined ? `${args.iterations} solver iterations` : `solver budget ${args.budgetMs ?? DEFAULT_ROUND_BUDGET_MS} ms (the domain's default)`;
    console.log(`\nround-planning timing: ${args.roundOrders} ready orders at one hub, ${args.rounds} round${args.rounds === 1 ? '' : 's'}, ${budget}, one core (solver in this thread)`);
    const t: RoundTiming = await timeDispatchRounds(scenario, {
      orders: args.roundOrders, rounds: args.rounds, seed: args.seed,
      ...(args.budgetMs !== undefined ? { budgetMs: args.budgetMs } : {}), ...(args.iterations !== undefined ? { iterations: args.iterations } : {}),
      ...(args.exportProblem !== undefined ? { onProblem: (p: Problem, k: number) => {
        if (k === 0) writeFileSync(args.exportProblem!, JSON.stringify(encodeProblem(p)));
      } } : {}),
    });
    console.log(`${t.hub}: ${t.vehicles.vans} vans + ${t.vehicles.drones} drones, ${t.pool} orders (${t.droneOrders} by drone), set up in ${t.setupS.toFixed(1)} s`);
    console.log(formatTable(['round', 'wall s', 'CPU s', 'solver s', 'rest s', 'iterations', 'assigned', 'unassigned', 'late', 'routes', 'drone routes', 'repair dropped / placed', 'safety net'],
      t.rounds.map((r, i) => [String(i + 1), (r.totalMs / 1000).toFixed(2), (r.cpuMs / 1000).toFixed(2), (r.solveMs / 1000).toFixed(2), ((r.totalMs - r.solveMs) / 1000).toFixed(2), String(r.iterations), String(r.assigned), String(r.unassigned), String(r.late), String(r.routes), String(r.droneRoutes),
        `${r.repairDropped} / ${r.repairInserted}`, String(r.safetyNet)])));
    console.log('repair: jobs the checker-driven repair took off the solver\'s routes / placed afterwards; safety net: drone sorties the physical model refused at flight-plan time');
    const wall = median(t.rounds.map((r) => r.totalMs)) / 1000;
    const cpu = median(t.rounds.map((r) => r.cpuMs)) / 1000;
    const solver = median(t.rounds.map((r) => r.solveMs)) / 1000;
    const rest = median(t.rounds.map((r) => r.totalMs - r.solveMs)) / 1000;
    console.log(`median per round: wall ${wall.toFixed(2)} s (${(wall / ROUND_TARGET_S).toFixed(2)} × the ${ROUND_TARGET_S} s target), CPU ${cpu.toFixed(2)} s; solver ${solver.toFixed(2)} s wall, the rest of the round ${rest.toFixed(2)} s; `
      + `every plan passed the checker; target ${wall <= ROUND_TARGET_S ? 'met' : 'NOT met'} on wall time`);
    // Round 1 also moves the pool ready → dispatched; the later rounds re-plan routes that have not started.
    if (t.rounds.length > 1) console.log(`round 1 (the pool still ready): wall ${(t.rounds[0]!.totalMs / 1000).toFixed(2)} s, CPU ${(t.rounds[0]!.cpuMs / 1000).toFixed(2)} s; the later rounds re-plan the same pool`);
    for (const [i, r] of t.rounds.entries()) roundCsv.push([t.hub, args.seed, t.pool, t.droneOrders, i + 1, (r.totalMs / 1000).toFixed(3), (r.cpuMs / 1000).toFixed(3), (r.solveMs / 1000).toFixed(3), r.iterations, r.assigned, r.unassigned]);
  }

  const csv = args.csv ?? defaultCsvPath('drone-day');
  if (dayCsv.length) {
    writeCsv(csv, ['variant', 'seed', 'orders_per_day', 'placed', 'over_payload', 'delivered', 'delivered_drone', 'delivered_van', 'given_up', 'unserved', 'on_time_pct',
      'drone_wh_per_parcel', 'drone_km', 'van_km', 'cost_eur', 'wall_s', 'orders_per_s', 'checker_refusals', 'consistent'], dayCsv);
    console.log(`CSV written to ${csv}`);
  }
  if (roundCsv.length) {
    const file = csv.replace(/(\.csv)?$/, '-rounds.csv');
    writeCsv(file, ['hub', 'seed', 'orders', 'drone_orders', 'round', 'wall_s', 'cpu_s', 'solver_s', 'iterations', 'assigned', 'unassigned'], roundCsv);
    console.log(`CSV written to ${file}`);
  }
  for (const p of problems) console.error(`bench:drone-day: ${p}`);
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench:drone-day: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);

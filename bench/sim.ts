// City simulation benchmark: a full simulated day of the demo city (scenarios/lyon-demo.json)
// at 10,000 orders, as fast as possible, on PGlite in memory. Reports wall time, CPU time,
// orders per second, peak memory and the day's KPIs; writes CSV (and the report with --report).
//   npm run bench:sim -- [--orders N] [--hours H] [--seed N] [--iterations N] [--iterations-per-job K] [--warm-min-iterations N] [--telemetry S]
//                        [--solve-latency S] [--solver thread|inline] [--fleet-scale K]
//                        [--stock-scale K] [--scenario FILE] [--report DIR] [--csv FILE] [--postgres ADMIN_URL] [--statements FILE] [--dump-problems DIR]
// The demo fleet (2 vans + 3 drones per hub) cannot carry 10,000 parcels a day, so by default the
// fleet (with the hubs' chargers) and the opening stock are scaled ×5 (the city, catalogue, customers and demand curve are
// the demo's); --fleet-scale 1 --stock-scale 1 runs the demo exactly as shipped.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { defaultCsvPath, writeCsv } from './lib/csv.js';
import { countStatementsPerEvent } from './lib/sim-statements.js';
import { formatTable } from './lib/table.js';
import { encodeProblem } from '../src/jobs/problem-codec.js';
import { computeKpis } from '../src/sim/kpi.js';
import { writeReport } from '../src/sim/report/write.js';
import { runScenario } from '../src/sim/run.js';
import { loadScenarioFile, parseScenario } from '../src/sim/scenario/validate.js';

interface Args {
  orders: number;
  hours: number;
  seed: number;
  iterations: number | undefined;
  iterationsPerJob: number | undefined;
  /** Warm rounds: budget by the orders the previous plan does not place, from this floor (scenario operations.solveWarmMinIterations). */
  warmMinIterations: number | undefined;
  telemetry: number | undefined;
  /** Scenario operations.solveLatencyS: simulated seconds from a round's snapshot to its commit. */
  solveLatency: number | undefined;
  /** Where the solves run: a worker thread beside the event loop (default) or inline on it. */
  solver: 'thread' | 'inline';
  fleetScale: number;
  stockScale: number;
  scenario: string;
  report: string | undefined;
  csv: string | undefined;
  /** Admin URL of a PostgreSQL server: the run gets a fresh database there (dropped afterwards) instead of PGlite. */
  postgres: string | undefined;
  /** Count SQL statements and driver time per event kind; write the statement list of one event of each kind to this file. */
  statements: string | undefined;
  /** A folder to write each round's solver input (problem, options with the warm start) and answer to, as JSON. */
  dumpProblems: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { orders: 10_000, hours: 24, seed: 1, iterations: undefined, iterationsPerJob: undefined, warmMinIterations: undefined, telemetry: undefined, solveLatency: undefined, solver: 'thread', fleetScale: 5, stockScale: 5, scenario: 'scenarios/lyon-demo.json', report: undefined, csv: undefined, postgres: undefined, statements: undefined, dumpProblems: undefined };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const num = (min: number) => {
      const n = Number(value);
      if (!Number.isFinite(n) || n < min) throw new Error(`${flag} must be a number ≥ ${min}, got ${value}`);
      return n;
    };
    if (flag === '--orders') a.orders = num(0);
    else if (flag === '--hours') a.hours = num(0.1);
    else if (flag === '--seed') a.seed = Math.trunc(num(-(2 ** 31)));
    else if (flag === '--iterations') a.iterations = Math.trunc(num(1));
    else if (flag === '--iterations-per-job') a.iterationsPerJob = num(0.001);
    else if (flag === '--warm-min-iterations') a.warmMinIterations = Math.trunc(num(1));
    else if (flag === '--telemetry') a.telemetry = Math.trunc(num(1));
    else if (flag === '--solve-latency') a.solveLatency = Math.trunc(num(0));
    else if (flag === '--solver') {
      if (value !== 'thread' && value !== 'inline') throw new Error(`--solver must be thread or inline, got ${value}`);
      a.solver = value;
    } else if (flag === '--fleet-scale') a.fleetScale = num(0.01);
    else if (flag === '--stock-scale') a.stockScale = num(0.01);
    else if (flag === '--scenario') a.scenario = value;
    else if (flag === '--report') a.report = value;
    else if (flag === '--csv') a.csv = value;
    else if (flag === '--postgres') a.postgres = value;
    else if (flag === '--statements') a.statements = value;
    else if (flag === '--dump-problems') a.dumpProblems = value;
    else throw new Error(`unknown option ${flag}`);
  }
  return a;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const base = loadScenarioFile(args.scenario).scenario;
  const s = structuredClone(base);
  s.demand.ordersPerDay = args.orders;
  for (const f of s.fleet) f.count = Math.max(f.count > 0 ? 1 : 0, Math.round(f.count * args.fleetScale));
  // A hub with k× the drones has k× the chargers (the fleet's packs charge there); launch pads stay as they are.
  for (const h of s.hubs) h.chargers = Math.max(h.chargers > 0 ? 1 : 0, Math.round(h.chargers * args.fleetScale));
  s.stock.defaultUnits = Math.round(s.stock.defaultUnits * args.stockScale);
  for (const o of s.stock.overrides) o.units = Math.round(o.units * args.stockScale);
  if (args.iterations !== undefined) s.operations.solveIterations = args.iterations;
  if (args.iterationsPerJob !== undefined) s.operations.solveIterationsPerJob = args.iterationsPerJob;
  if (args.warmMinIterations !== undefined) s.operations.solveWarmMinIterations = args.warmMinIterations;
  if (args.telemetry !== undefined) s.operations.telemetryIntervalS = args.telemetry;
  if (args.solveLatency !== undefined) s.operations.solveLatencyS = args.solveLatency;
  const loaded = parseScenario(s, `${args.scenario} (bench overrides)`);
  const vans = s.fleet.filter((f) => f.kind === 'van').reduce((n, f) => n + f.count * (f.hub ? 1 : s.hubs.length), 0);
  const drones = s.fleet.filter((f) => f.kind === 'drone').reduce((n, f) => n + f.count * (f.hub ? 1 : s.hubs.length), 0);
  console.log(`bench:sim — ${args.postgres ? 'PostgreSQL' : 'PGlite in memory'}, ${s.name}: ${args.orders} orders/day expected, ${args.hours} simulated hours, ${vans} vans + ${drones} drones, stock ×${args.stockScale}, solver ${s.operations.solveIterationsPerJob !== undefined ? `${s.operations.solveIterationsPerJob} iterations/job (20..${s.operations.solveIterations}${s.operations.solveWarmMinIterations !== undefined ? `; warm rounds: per new job, from ${s.operations.solveWarmMinIterations}` : ''})` : `${s.operations.solveIterations} iterations`}/round on ${args.solver === 'thread' ? 'a worker thread' : 'the event loop'}, plans in effect ${s.operations.solveLatencyS ?? 0} s after their snapshot, telemetry every ${s.operations.telemetryIntervalS} s, seed ${args.seed}`);
  console.log('(wall times on a shared 2-core machine are noisy; CPU time is the steadier figure)');

  const statements = args.statements ? countStatementsPerEvent() : undefined;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let lastLine = 0;
  // PostgreSQL: a fresh database on the given server for this run only.
  let dropDatabase = async () => {};
  let store: Parameters<typeof runScenario>[1]['store'];
  if (args.postgres) {
    const name = `relais_sim_${randomBytes(5).toString('hex')}`;
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: args.postgres });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await admin(`CREATE DATABASE ${name}`);
    dropDatabase = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const url = new URL(args.postgres);
    url.pathname = `/${name}`;
    store = { kind: 'postgres', url: url.toString() };
  }
  const result = await runScenario(loaded, {
    hours: args.hours,
    seed: args.seed,
    solver: args.solver,
    ...(store ? { store } : {}),
    ...(args.dumpProblems ? { onSolve: problemDumper(args.dumpProblems) } : {}),
    onProgress: (simS, r) => {
      const now = performance.now();
      if (now - lastLine < 15_000) return;
      lastLine = now;
      console.log(`  ${new Date(simS * 1000).toISOString().slice(11, 16)} UTC simulated, ${((now - t0) / 1000).toFixed(0)} s: placed ${r.placed.length}, delivered ${r.deliveries.length}`);
    },
  });
  await dropDatabase();
  const totalMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const k = computeKpis(result.record);
  const simS = result.wallMs / 1000;
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const refused = Object.values(k.refused).reduce((a, b) => a + b, 0);
  const rows: string[][] = [
    ['orders arriving', String(k.placed + refused)],
    ['orders placed / refused', `${k.placed} / ${refused} (stock-outs ${k.stockOuts})`],
    ['delivered (van / drone)', `${k.delivered} (${k.byMode.van.delivered} / ${k.byMode.drone.delivered})`],
    ['given up / open at the end', `${k.failed} / ${k.open}`],
    ['on time', `${k.onTimePct ?? '–'} %`],
    ['cost / distance per delivered parcel', `${k.costPerParcelMinor !== null ? (k.costPerParcelMinor / 100).toFixed(2) : '–'} € / ${k.distancePerParcelKm ?? '–'} km`],
    ['dispatch rounds / telemetry reports', `${k.dispatchRounds} / ${result.record.telemetryReports}`],
    ['purchase orders created / received', `${k.purchaseOrders.created} / ${k.purchaseOrders.received}`],
    ['wall time, whole run (s)', (totalMs / 1000).toFixed(1)],
    ['wall time, simulated day only (s)', simS.toFixed(1)],
    ['CPU time, whole run (s)', cpuS.toFixed(1)],
    ['orders per second (arriving / wall of the day)', ((k.placed + refused) / simS).toFixed(1)],
    ['peak memory (RSS, MB)', (peakRss / 1048576).toFixed(0)],
    ['database agrees with the record', k.consistent ? 'yes' : 'NO'],
    ['domain refusals met (e.g. dispatch_* rounds refused)', Object.entries(result.record.anomalies).map(([c, n]) => `${n} ${c}`).join(', ') || 'none'],
  ];
  console.log(formatTable(['figure', 'value'], rows));
  const costs = Object.entries(result.record.eventCosts).sort((a, b) => b[1].ms - a[1].ms);
  console.log('\nwhere the wall time of the day went (by simulation event, domain calls included):');
  if (statements) {
    // Statements and time inside the database driver per event (the solver's share is in dispatch's).
    const per = (k: string, c: { count: number }) => statements.counter.byLabel.get(k) ?? { statements: 0, driverMs: 0 };
    console.log(formatTable(['event', 'count', 'total s', 'mean ms', 'CPU ms/event', 'statements/event', 'driver ms/event'], costs.map(([k, c]) => [
      k, String(c.count), (c.ms / 1000).toFixed(1), (c.ms / c.count).toFixed(2), ((statements.cpuMs.get(k) ?? 0) / c.count).toFixed(2), (per(k, c).statements / c.count).toFixed(1), (per(k, c).driverMs / c.count).toFixed(2),
    ])));
    const top = [...statements.counter.byText].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
    console.log('\nthe costliest statements (PGlite driver time; texts cut at 110 characters):');
    console.log(formatTable(['total s', 'count', 'mean ms', 'result kB', 'statement'], top.map(([text, t]) => [(t.ms / 1000).toFixed(1), String(t.count), (t.ms / t.count).toFixed(2), (t.bytes / t.count / 1024).toFixed(1), text.slice(0, 110)])));
    statements.write(args.statements!);
    console.log(`statement lists written to ${args.statements}`);
  } else {
    console.log(formatTable(['event', 'count', 'total s', 'mean ms'], costs.map(([k, c]) => [k, String(c.count), (c.ms / 1000).toFixed(1), (c.ms / c.count).toFixed(2)])));
  }
  const csv = args.csv ?? defaultCsvPath('sim');
  writeCsv(csv, ['scenario', 'orders_per_day', 'hours', 'seed', 'vans', 'drones', 'iterations', 'arriving', 'placed', 'delivered', 'delivered_van', 'delivered_drone', 'open', 'on_time_pct', 'cost_per_parcel_minor', 'km_per_parcel', 'iterations_per_job', 'wall_total_s', 'wall_sim_s', 'cpu_s', 'orders_per_s', 'peak_rss_mb', 'consistent'], [[
    s.name, args.orders, args.hours, args.seed, vans, drones, s.operations.solveIterations, k.placed + refused, k.placed, k.delivered, k.byMode.van.delivered, k.byMode.drone.delivered, k.open,
    k.onTimePct ?? '', k.costPerParcelMinor ?? '', k.distancePerParcelKm ?? '', s.operations.solveIterationsPerJob ?? '', (totalMs / 1000).toFixed(2), simS.toFixed(2), cpuS.toFixed(2), ((k.placed + refused) / simS).toFixed(2), (peakRss / 1048576).toFixed(1), k.consistent,
  ]]);
  console.log(`CSV written to ${csv}`);
  if (args.report) {
    writeReport(args.report, { scenario: `${s.name} (bench)`, seed: args.seed, hours: args.hours, kpis: k, record: result.record, zones: loaded.zones, wallMs: result.wallMs, database: args.postgres ? 'PostgreSQL' : 'PGlite in memory' });
    console.log(`report written to ${args.report}/report.html`);
  }
  if (!k.consistent) process.exitCode = 1;
}

/** Writes round-NNNN.json per solve: { round, hubId, simS, ms, options, problem, result } (problem-codec JSON; bench/solve-rounds.ts replays them). */
function problemDumper(dir: string): NonNullable<Parameters<typeof runScenario>[1]['onSolve']> {
  mkdirSync(dir, { recursive: true });
  return ({ round, hubId, simS, problem, options, result, ms }) => {
    const { now: _now, onProgress: _p, ...plain } = options;
    const body = { round, hubId, simS, ms, options: plain, problem: encodeProblem(problem), result: { cost: result.cost, feasible: result.feasible, iterations: result.iterations, unassigned: result.solution.unassigned.length } };
    writeFileSync(join(dir, `round-${String(round).padStart(4, '0')}.json`), JSON.stringify(body));
  };
}

main().catch((err) => {
  console.error(`bench:sim: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});

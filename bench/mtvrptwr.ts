// MTVRPTWR benchmark (multi-trip VRPTW with release dates, 81 instances): solve each within a time
// limit, verify with the independent checker (distances truncated to one decimal, as the set
// prescribes), and report the distance gap to the best-known solution, vehicles and trips used.
//   npm run bench:mtvrptwr -- [--instances C201R0.25,R201R0.5] [--time-limit S] [--threads N]
//                             [--seed N] [--data DIR] [--quick] [--csv FILE]
// --quick: 3 instances, 5 s each; exits non-zero when any solution is infeasible.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSol } from '../src/engine/io/sol.js';
import { readVrplib } from '../src/engine/io/vrplib.js';
import { parseBenchArgs } from './lib/args.js';
import { defaultCsvPath, writeCsv } from './lib/csv.js';
import { formatGap, gapPercent, instancesDir, mean, runInstance } from './lib/run.js';
import { formatTable } from './lib/table.js';

export const QUICK = ['C201R0.25', 'R201R0.5', 'RC208R0.75'];
const QUICK_SECONDS = 5;
const DEFAULT_SECONDS = 30;

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args.timeFactor !== undefined) throw new Error('--time-factor is for bench:cvrp; use --time-limit S here');
  if (args.set !== undefined) throw new Error('--set is not used here; pick instances with --instances');
  const dir = instancesDir(args.data);
  const folder = existsSync(join(dir, 'mtvrptwr')) ? join(dir, 'mtvrptwr') : dir;
  const all = readdirSync(folder).filter((f) => f.endsWith('.vrp')).map((f) => f.replace(/\.vrp$/, '')).sort();
  if (all.length === 0) throw new Error(`no .vrp instances in ${folder}`);
  const names = args.instances ?? (args.quick ? QUICK : all);
  const limitS = args.timeLimit ?? (args.quick ? QUICK_SECONDS : DEFAULT_SECONDS);
  console.log(`MTVRPTWR benchmark: ${names.length} instance(s) from ${folder}, time limit ${limitS} s, threads ${args.threads}, seed ${args.seed}`);

  const header = ['instance', 'n', 'distance', 'BKS', 'gap %', 'vehicles', 'BKS veh', 'trips', 'BKS trips', 'seconds', 'feasible'];
  const rows: string[][] = [];
  const csvRows: Array<Array<string | number | boolean>> = [];
  const gaps: number[] = [];
  const seconds: number[] = [];
  let infeasible = 0;
  for (const [k, name] of names.entries()) {
    const file = join(folder, `${name}.vrp`);
    if (!existsSync(file)) throw new Error(`instance ${name} not found in ${folder}`);
    const problem = readVrplib(readFileSync(file, 'utf8'), file);
    const solFile = join(folder, `${name}.sol`);
    // The .sol cost is the truncated distance in tenths.
    const bksSol = existsSync(solFile) ? readSol(readFileSync(solFile, 'utf8'), solFile, problem) : null;
    const bks = bksSol?.cost === undefined ? undefined : bksSol.cost / 10;
    const bksTrips = bksSol ? bksSol.solution.routes.reduce((s, r) => s + r.trips.length, 0) : undefined;
    const bksVehicles = bksSol ? bksSol.solution.routes.filter((r) => r.trips.some((t) => t.length > 0)).length : undefined;
    process.stderr.write(`[${k + 1}/${names.length}] ${name}: ${limitS} s … `);
    const run = await runInstance(problem, { timeLimitMs: limitS * 1000, threads: args.threads, seed: args.seed });
    const distance = run.checked.cost.total;
    const gap = bks === undefined ? Number.NaN : gapPercent(distance, bks);
    const trips = run.checked.routes.reduce((s, r) => s + r.trips, 0);
    const vehicles = run.checked.vehiclesUsed;
    const ok = run.checked.feasible;
    process.stderr.write(`distance ${distance.toFixed(1)}${Number.isNaN(gap) ? '' : ` (gap ${formatGap(gap)} %)`}, ${vehicles} vehicles, ${trips} trips, ${ok ? 'feasible' : 'INFEASIBLE'}\n`);
    if (!ok) {
      infeasible++;
      for (const v of run.checked.violations.slice(0, 5)) process.stderr.write(`    - ${v}\n`);
    } else if (!Number.isNaN(gap)) gaps.push(gap);
    seconds.push(run.seconds);
    rows.push([
      name, String(problem.jobs.length), distance.toFixed(1), bks === undefined ? '-' : bks.toFixed(1), Number.isNaN(gap) ? '-' : formatGap(gap),
      String(vehicles), bksVehicles === undefined ? '-' : String(bksVehicles), String(trips), bksTrips === undefined ? '-' : String(bksTrips),
      run.seconds.toFixed(1), ok ? 'yes' : 'NO',
    ]);
    csvRows.push([name, problem.jobs.length, distance.toFixed(4), bks ?? '', Number.isNaN(gap) ? '' : gap.toFixed(4), vehicles, bksVehicles ?? '', trips, bksTrips ?? '', run.seconds.toFixed(3), ok, limitS, args.threads, args.seed, run.result.iterations]);
  }
  console.log(formatTable(header, rows));
  console.log(
    `average gap ${gaps.length ? mean(gaps).toFixed(2) : '-'} % over ${gaps.length} feasible instance(s) (median ${gaps.length ? median(gaps).toFixed(2) : '-'} %, worst ${gaps.length ? Math.max(...gaps).toFixed(2) : '-'} %); ` +
      `average time ${mean(seconds).toFixed(1)} s; infeasible ${infeasible}/${names.length}`,
  );
  const csv = args.csv ?? defaultCsvPath('mtvrptwr');
  writeCsv(csv, ['instance', 'n', 'distance', 'bks', 'gap_percent', 'vehicles', 'bks_vehicles', 'trips', 'bks_trips', 'seconds', 'feasible', 'time_limit_s', 'threads', 'seed', 'iterations'], csvRows);
  console.log(`CSV written to ${csv}`);
  return infeasible > 0 ? 1 : 0;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench:mtvrptwr: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);

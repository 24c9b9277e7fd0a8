// VRPTW benchmark on the 56 Solomon instances: solve each within a fixed time limit, verify with
// the independent checker, and report the distance gap against the distance-only BKS and the
// vehicles used against the hierarchical BKS (fewest vehicles, then distance).
//   npm run bench:vrptw -- [--instances C101,R101] [--set all|C1|C2|R1|R2|RC1|RC2] [--time-limit S]
//                          [--threads N] [--seed N] [--data DIR] [--quick] [--csv FILE]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSolomon } from '../src/engine/io/solomon.js';
import { parseBenchArgs } from './lib/args.js';
import { bksVehicles, readBks } from './lib/bks.js';
import { defaultCsvPath, writeCsv } from './lib/csv.js';
import { formatGap, gapPercent, instancesDir, mean, runInstance } from './lib/run.js';
import { formatTable } from './lib/table.js';

export const QUICK = ['C101', 'R101', 'RC101'];
const QUICK_SECONDS = 3;
const DEFAULT_SECONDS = 30;

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args.timeFactor !== undefined) throw new Error('--time-factor is for bench:cvrp; use --time-limit S here');
  const dir = instancesDir(args.data);
  const folder = existsSync(join(dir, 'vrptw')) ? join(dir, 'vrptw') : dir;
  const all = readdirSync(folder).filter((f) => /\.txt$/i.test(f)).map((f) => f.replace(/\.txt$/i, '')).sort();
  let names: string[];
  if (args.instances) names = args.instances;
  else if (args.quick) names = QUICK;
  else {
    const set = (args.set ?? 'all').toUpperCase();
    const families = ['ALL', 'C1', 'C2', 'R1', 'R2', 'RC1', 'RC2'];
    if (!families.includes(set)) throw new Error(`--set must be one of all, C1, C2, R1, R2, RC1, RC2, got "${args.set}"`);
    names = set === 'ALL' ? all : all.filter((n) => n.toUpperCase().startsWith(set) && /^\d/.test(n.slice(set.length)) && n.length === set.length + 2);
  }
  const bksFile = join(dir, 'bks.csv');
  const bksRows = existsSync(bksFile) ? readBks(bksFile) : [];
  const distanceBks = new Map(bksRows.filter((r) => r.objective.startsWith('distance only')).map((r) => [r.instance, r.bks]));
  const hierarchical = new Map(bksRows.filter((r) => r.objective.startsWith('hierarchical')).map((r) => [r.instance, { distance: r.bks, vehicles: bksVehicles(r.objective) }]));

  const limitS = args.timeLimit ?? (args.quick ? QUICK_SECONDS : DEFAULT_SECONDS);
  console.log(`VRPTW benchmark: ${names.length} Solomon instance(s) from ${folder}, time limit ${limitS} s, threads ${args.threads}, seed ${args.seed}`);
  const header = ['instance', 'n', 'distance', 'BKS dist', 'gap %', 'vehicles', 'BKS veh', 'seconds', 'feasible', 'peak MB'];
  const rows: string[][] = [];
  const csvRows: Array<Array<string | number | boolean>> = [];
  const gaps: number[] = [];
  const vehicleDiffs: number[] = [];
  const seconds: number[] = [];
  let infeasible = 0;

  for (const [k, name] of names.entries()) {
    const file = join(folder, `${name}.txt`);
    if (!existsSync(file)) throw new Error(`instance ${name} not found in ${folder}`);
    const problem = readSolomon(readFileSync(file, 'utf8'), file);
    const n = problem.jobs.length;
    process.stderr.write(`[${k + 1}/${names.length}] ${name}: ${limitS} s … `);
    const run = await runInstance(problem, { timeLimitMs: limitS * 1000, threads: args.threads, seed: args.seed });
    const distance = run.checked.distance;
    const best = distanceBks.get(name);
    const hier = hierarchical.get(name);
    const gap = best === undefined ? Number.NaN : gapPercent(distance, best);
    const vehicles = run.checked.vehiclesUsed;
    process.stderr.write(`distance ${distance.toFixed(2)}${Number.isNaN(gap) ? '' : ` (gap ${formatGap(gap)} %)`}, ${vehicles} vehicles, ${run.checked.feasible ? 'feasible' : 'INFEASIBLE'}\n`);
    if (!run.checked.feasible) {
      infeasible++;
      for (const v of run.checked.violations.slice(0, 5)) process.stderr.write(`    - ${v}\n`);
    } else {
      if (!Number.isNaN(gap)) gaps.push(gap);
      if (hier?.vehicles !== undefined) vehicleDiffs.push(vehicles - hier.vehicles);
    }
    seconds.push(run.seconds);
    rows.push([
      name, String(n), distance.toFixed(2), best === undefined ? '-' : best.toFixed(2), Number.isNaN(gap) ? '-' : formatGap(gap),
      String(vehicles), hier?.vehicles === undefined ? '-' : String(hier.vehicles), run.seconds.toFixed(1), run.checked.feasible ? 'yes' : 'NO', run.peakRssMb.toFixed(0),
    ]);
    csvRows.push([name, n, distance.toFixed(4), best ?? '', Number.isNaN(gap) ? '' : gap.toFixed(4), vehicles, hier?.vehicles ?? '', hier?.distance ?? '', run.seconds.toFixed(3), run.checked.feasible, run.peakRssMb.toFixed(1), limitS, args.threads, args.seed, run.result.iterations]);
  }

  console.log(formatTable(header, rows));
  console.log(
    `average distance gap ${gaps.length ? mean(gaps).toFixed(2) : '-'} % (vs distance-only BKS) over ${gaps.length} feasible instance(s); ` +
      `vehicles vs hierarchical BKS: ${vehicleDiffs.length ? `${vehicleDiffs.reduce((a, b) => a + b, 0) >= 0 ? '+' : ''}${vehicleDiffs.reduce((a, b) => a + b, 0)} in total, ${vehicleDiffs.filter((d) => d <= 0).length}/${vehicleDiffs.length} at or below` : '-'}; ` +
      `average time ${mean(seconds).toFixed(1)} s; infeasible ${infeasible}/${names.length}`,
  );
  const csv = args.csv ?? defaultCsvPath('vrptw');
  writeCsv(csv, ['instance', 'n', 'distance', 'bks_distance', 'gap_percent', 'vehicles', 'bks_vehicles', 'bks_hier_distance', 'seconds', 'feasible', 'peak_rss_mb', 'time_limit_s', 'threads', 'seed', 'iterations'], csvRows);
  console.log(`CSV written to ${csv}`);
  return infeasible > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench:vrptw: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);

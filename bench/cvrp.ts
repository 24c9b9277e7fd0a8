// CVRP benchmark on the CVRPLIB X set: solve each instance within F × n seconds, verify with the
// independent checker, and compare the checker's cost with the best-known solution (BKS).
//   npm run bench:cvrp -- [--instances a,b,c] [--set small|large|all] [--time-factor F]
//                         [--time-limit S] [--threads N] [--seed N] [--data DIR] [--quick] [--csv FILE]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readVrplib } from '../src/engine/io/vrplib.js';
import { readSol } from '../src/engine/io/sol.js';
import { parseBenchArgs } from './lib/args.js';
import { readBks } from './lib/bks.js';
import { defaultCsvPath, writeCsv } from './lib/csv.js';
import { formatGap, gapPercent, instancesDir, mean, runInstance } from './lib/run.js';
import { formatTable } from './lib/table.js';

// Target lists: "small" aims at an average gap ≤ 1 % in n/10 s, "large" at ≤ 2 %.
export const SMALL = [
  'X-n101-k25', 'X-n110-k13', 'X-n125-k30', 'X-n139-k10', 'X-n148-k46', 'X-n157-k13', 'X-n167-k10', 'X-n181-k23', 'X-n195-k51', 'X-n204-k19',
  'X-n219-k73', 'X-n233-k16', 'X-n242-k48', 'X-n256-k16', 'X-n270-k35', 'X-n280-k17', 'X-n303-k21', 'X-n336-k84', 'X-n359-k29', 'X-n401-k29',
];
export const LARGE = ['X-n502-k39', 'X-n524-k153', 'X-n561-k42', 'X-n613-k62', 'X-n655-k131', 'X-n701-k44', 'X-n749-k98', 'X-n801-k40', 'X-n895-k37', 'X-n1001-k43'];
export const QUICK = ['X-n101-k25', 'X-n106-k14', 'X-n110-k13'];
const QUICK_SECONDS = 3;

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  const dir = instancesDir(args.data);
  const sets: Record<string, string[]> = { small: SMALL, large: LARGE, all: [...SMALL, ...LARGE] };
  let names: string[];
  if (args.instances) names = args.instances;
  else if (args.quick) names = QUICK;
  else {
    const set = args.set ?? 'small';
    if (!sets[set]) throw new Error(`--set must be one of ${Object.keys(sets).join(', ')}, got "${set}"`);
    names = sets[set]!;
  }
  const factor = args.timeFactor ?? 0.1;
  const bksFile = join(dir, 'bks.csv');
  const bks = new Map(existsSync(bksFile) ? readBks(bksFile).map((r) => [r.instance, r.bks]) : []);

  const limitText = args.timeLimit ? `${args.timeLimit} s` : args.quick ? `${QUICK_SECONDS} s (quick)` : `${factor} × n s`;
  console.log(`CVRP benchmark: ${names.length} instance(s) from ${dir}, time limit ${limitText}, threads ${args.threads}, seed ${args.seed}`);
  const header = ['instance', 'n', 'cost', 'BKS', 'gap %', 'vehicles', 'seconds', 'feasible', 'peak MB'];
  const rows: string[][] = [];
  const csvRows: Array<Array<string | number | boolean>> = [];
  const gaps: number[] = [];
  const seconds: number[] = [];
  let infeasible = 0;

  for (const [k, name] of names.entries()) {
    const file = [join(dir, 'cvrp', `${name}.vrp`), join(dir, `${name}.vrp`)].find((f) => existsSync(f));
    if (!file) throw new Error(`instance ${name} not found in ${dir} (looked in cvrp/ and the folder itself)`);
    const problem = readVrplib(readFileSync(file, 'utf8'), file);
    let best = bks.get(name);
    const solFile = file.replace(/\.vrp$/, '.sol');
    if (best === undefined && existsSync(solFile)) best = readSol(readFileSync(solFile, 'utf8'), solFile, problem).cost;
    const n = problem.jobs.length;
    const limitS = args.timeLimit ?? (args.quick ? QUICK_SECONDS : factor * n);
    process.stderr.write(`[${k + 1}/${names.length}] ${name}: n=${n}, ${limitS.toFixed(1)} s … `);
    const run = await runInstance(problem, { timeLimitMs: limitS * 1000, threads: args.threads, seed: args.seed });
    const cost = run.checked.cost.total;
    const gap = best === undefined ? Number.NaN : gapPercent(cost, best);
    process.stderr.write(`cost ${cost}${Number.isNaN(gap) ? '' : ` (gap ${formatGap(gap)} %)`}, ${run.checked.feasible ? 'feasible' : 'INFEASIBLE'}\n`);
    if (!run.checked.feasible) {
      infeasible++;
      for (const v of run.checked.violations.slice(0, 5)) process.stderr.write(`    - ${v}\n`);
    } else if (!Number.isNaN(gap)) gaps.push(gap);
    seconds.push(run.seconds);
    rows.push([name, String(n), String(cost), best === undefined ? '-' : String(best), Number.isNaN(gap) ? '-' : formatGap(gap), String(run.checked.vehiclesUsed), run.seconds.toFixed(1), run.checked.feasible ? 'yes' : 'NO', run.peakRssMb.toFixed(0)]);
    csvRows.push([name, n, cost, best ?? '', Number.isNaN(gap) ? '' : gap.toFixed(4), run.checked.vehiclesUsed, run.seconds.toFixed(3), run.checked.feasible, run.peakRssMb.toFixed(1), limitS, args.threads, args.seed, run.result.iterations]);
  }

  console.log(formatTable(header, rows));
  console.log(`average gap ${gaps.length ? mean(gaps).toFixed(2) : '-'} % over ${gaps.length} feasible instance(s) with a BKS; average time ${mean(seconds).toFixed(1)} s; infeasible ${infeasible}/${names.length}`);
  const csv = args.csv ?? defaultCsvPath('cvrp');
  writeCsv(csv, ['instance', 'n', 'cost', 'bks', 'gap_percent', 'vehicles', 'seconds', 'feasible', 'peak_rss_mb', 'time_limit_s', 'threads', 'seed', 'iterations'], csvRows);
  console.log(`CSV written to ${csv}`);
  return infeasible > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench:cvrp: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);

// Replays dispatch rounds written by `bench:sim --dump-problems DIR`: solves each round's problem
// with its recorded options (seed, iteration budget, warm start) and prints time, iterations and
// cost per round, so that the solver's share of a simulated day can be profiled
// (node --cpu-prof dist/bench/solve-rounds.js DIR) and changes compared on the same inputs.
//   node dist/bench/solve-rounds.js DIR [--rounds 3,17,80] [--cold] [--iterations N] [--warm-budget FLOOR,PER_NEW_JOB] [--repeat K]
// --cold drops the warm start; --iterations overrides the recorded budget; --warm-budget gives warm
// rounds max(FLOOR, ⌈PER_NEW_JOB × jobs the warm start leaves out⌉) iterations (capped by the recorded budget).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeProblem, type ProblemJson } from '../src/jobs/problem-codec.js';
import type { SolveOptions } from '../src/engine/model.js';
import { solve } from '../src/engine/solve.js';
import { formatTable } from './lib/table.js';

interface Dumped {
  round: number;
  hubId: string;
  simS: number;
  ms: number;
  options: SolveOptions;
  problem: ProblemJson;
  result: { cost: { total: number }; feasible: boolean; iterations: number; unassigned: number };
}

function main(): void {
  const argv = process.argv.slice(2);
  const dir = argv[0];
  if (!dir) throw new Error('usage: solve-rounds DIR [--rounds a,b,c] [--cold] [--iterations N] [--repeat K]');
  let rounds: Set<number> | null = null;
  let cold = false;
  let iterations: number | undefined;
  let repeat = 1;
  /** Warm rounds only: [floor, per new job] iterations instead of the recorded budget. */
  let warmBudget: [number, number] | null = null;
  for (let i = 1; i < argv.length; i++) {
    const f = argv[i]!;
    if (f === '--rounds') rounds = new Set(argv[++i]!.split(',').map(Number));
    else if (f === '--cold') cold = true;
    else if (f === '--iterations') iterations = Number(argv[++i]);
    else if (f === '--repeat') repeat = Number(argv[++i]);
    else if (f === '--warm-budget') warmBudget = argv[++i]!.split(',').map(Number) as [number, number];
    else throw new Error(`unknown option ${f}`);
  }
  const files = readdirSync(dir).filter((f) => /^round-\d+\.json$/.test(f)).sort();
  const rows: string[][] = [];
  let totalMs = 0;
  let totalCost = 0;
  let recordedMs = 0;
  for (const file of files) {
    const d = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Dumped;
    if (rounds && !rounds.has(d.round)) continue;
    const problem = decodeProblem(d.problem);
    const options: SolveOptions = { ...d.options };
    if (cold) delete options.initialSolution;
    if (iterations !== undefined) options.maxIterations = iterations;
    if (warmBudget && options.initialSolution) options.maxIterations = Math.min(options.maxIterations ?? 100, Math.max(warmBudget[0], Math.ceil(warmBudget[1] * options.initialSolution.unassigned.length)));
    // CPU time (the process is single-threaded): steadier than the wall clock on a shared machine.
    let best = Infinity;
    let r = solve(problem, options);
    for (let k = 0; k < repeat; k++) {
      const c0 = process.cpuUsage();
      r = solve(problem, options);
      const c = process.cpuUsage(c0);
      best = Math.min(best, (c.user + c.system) / 1000);
    }
    totalMs += best;
    totalCost += r.cost.total;
    recordedMs += d.ms;
    const warmJobs = d.options.initialSolution ? d.options.initialSolution.routes.reduce((n, x) => n + x.trips.flat().length, 0) : 0;
    rows.push([
      String(d.round), d.hubId.slice(-6), new Date(d.simS * 1000).toISOString().slice(11, 16), String(problem.jobs.length), String(problem.vehicles.length), String(warmJobs),
      String(r.iterations), best.toFixed(1), (best / Math.max(1, r.iterations)).toFixed(2), d.result.cost.total.toFixed(0), r.cost.total.toFixed(0), String(r.solution.unassigned.length), r.feasible ? 'yes' : 'NO',
    ]);
  }
  console.log(formatTable(['round', 'hub', 'sim', 'jobs', 'veh', 'warm jobs', 'iter', 'cpu ms', 'ms/iter', 'recorded cost', 'cost', 'unassigned', 'feasible'], rows));
  console.log(`\n${rows.length} rounds: solve ${(totalMs / 1000).toFixed(2)} s CPU (wall recorded in the sim ${(recordedMs / 1000).toFixed(2)} s), total cost ${totalCost.toFixed(0)}`);
}

main();

// Replays dispatch rounds written by `bench:sim --dump-problems DIR`: solves each round's problem
// with its recorded options (seed, iteration budget, warm start) and prints time, iterations and
// cost per round, so that the solver's share of a simulated day can be profiled
// (node --cpu-prof dist/bench/solve-rounds.js DIR) and changes compared on the same inputs.
//   node dist/bench/solve-rounds.js DIR [--rounds 3,17,80] [--cold] [--iterations N] [--warm-budget FLOOR,PER_NEW_JOB] [--repeat K] [--csv FILE] [--quiet]
// --repeat K keeps the best CPU time of K solves after a warm-up solve (0: one solve, no warm-up).
// --cold drops the warm start; --iterations overrides the recorded budget; --warm-budget gives warm
// rounds max(FLOOR, ⌈PER_NEW_JOB × jobs the warm start leaves out⌉) iterations (capped by the recorded budget).
// Totals: CPU, unassigned jobs (the quality measure, first) and cost, overall and by round type
// (multi-trip = some vehicle has maxTrips > 1; warm = the round has a warm start). --csv writes
// one line per round (to compare two builds round by round); --quiet prints the totals only.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  let csv: string | null = null;
  let quiet = false;
  for (let i = 1; i < argv.length; i++) {
    const f = argv[i]!;
    if (f === '--rounds') rounds = new Set(argv[++i]!.split(',').map(Number));
    else if (f === '--cold') cold = true;
    else if (f === '--iterations') iterations = Number(argv[++i]);
    else if (f === '--repeat') repeat = Number(argv[++i]);
    else if (f === '--csv') csv = argv[++i]!;
    else if (f === '--quiet') quiet = true;
    else if (f === '--warm-budget') warmBudget = argv[++i]!.split(',').map(Number) as [number, number];
    else throw new Error(`unknown option ${f}`);
  }
  const files = readdirSync(dir).filter((f) => /^round-\d+\.json$/.test(f)).sort();
  const rows: string[][] = [];
  let totalMs = 0;
  let totalCost = 0;
  let recordedMs = 0;
  const byType = new Map<string, { rounds: number; ms: number; cost: number; unassigned: number; infeasible: number; withUnassigned: number; routing: number }>();
  const csvLines = ['round,type,jobs,vehicles,iterations,cpu_ms,cost,unassigned,feasible'];
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
    // --repeat 0: a single solve, measured (no warm-up solve; halves the replay's time).
    let r = repeat === 0 ? (null as unknown as ReturnType<typeof solve>) : solve(problem, options);
    for (let k = 0; k < Math.max(1, repeat); k++) {
      const c0 = process.cpuUsage();
      r = solve(problem, options);
      const c = process.cpuUsage(c0);
      best = Math.min(best, (c.user + c.system) / 1000);
    }
    totalMs += best;
    totalCost += r.cost.total;
    recordedMs += d.ms;
    const type = `${problem.vehicles.some((v) => v.maxTrips > 1) ? 'multi-trip' : 'single-trip'} ${options.initialSolution ? 'warm' : 'cold'}`;
    const unassigned = r.solution.unassigned.length;
    for (const key of [type, 'all']) {
      const t = byType.get(key) ?? { rounds: 0, ms: 0, cost: 0, unassigned: 0, infeasible: 0, withUnassigned: 0, routing: 0 };
      t.rounds++;
      t.ms += best;
      t.cost += r.cost.total;
      t.routing += r.cost.total - r.solution.unassigned.reduce((c, j) => c + (problem.jobs[j]!.optional ? problem.jobs[j]!.penalty : 0), 0);
      t.unassigned += unassigned;
      t.withUnassigned += unassigned > 0 ? 1 : 0;
      t.infeasible += r.feasible ? 0 : 1;
      byType.set(key, t);
    }
    csvLines.push([d.round, type, problem.jobs.length, problem.vehicles.length, r.iterations, best.toFixed(1), r.cost.total.toFixed(2), unassigned, r.feasible ? 1 : 0].join(','));
    const warmJobs = d.options.initialSolution ? d.options.initialSolution.routes.reduce((n, x) => n + x.trips.flat().length, 0) : 0;
    rows.push([
      String(d.round), d.hubId.slice(-6), new Date(d.simS * 1000).toISOString().slice(11, 16), String(problem.jobs.length), String(problem.vehicles.length), String(warmJobs),
      String(r.iterations), best.toFixed(1), (best / Math.max(1, r.iterations)).toFixed(2), d.result.cost.total.toFixed(0), r.cost.total.toFixed(0), String(r.solution.unassigned.length), r.feasible ? 'yes' : 'NO',
    ]);
  }
  if (!quiet) console.log(formatTable(['round', 'hub', 'sim', 'jobs', 'veh', 'warm jobs', 'iter', 'cpu ms', 'ms/iter', 'recorded cost', 'cost', 'unassigned', 'feasible'], rows));
  console.log(`\n${rows.length} rounds: solve ${(totalMs / 1000).toFixed(2)} s CPU (wall recorded in the sim ${(recordedMs / 1000).toFixed(2)} s), total cost ${totalCost.toFixed(0)}`);
  const types = [...byType.keys()].sort((a, b) => (a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b)));
  console.log(
    '\n' +
      formatTable(
        ['type', 'rounds', 'cpu s', 'unassigned', 'rounds with unassigned', 'infeasible', 'cost', 'cost w/o unassigned'],
        types.map((k) => {
          const t = byType.get(k)!;
          return [k, String(t.rounds), (t.ms / 1000).toFixed(2), String(t.unassigned), String(t.withUnassigned), String(t.infeasible), t.cost.toFixed(0), t.routing.toFixed(0)];
        }),
      ),
  );
  if (csv) writeFileSync(csv, csvLines.join('\n') + '\n');
}

main();

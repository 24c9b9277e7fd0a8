// The engine's entry point: solve a routing Problem within an iteration and/or time budget with
// hybrid genetic search (see solver/hgs.ts). Pure: the clock is injected (options.now), with
// performance.now as the fallback; randomness comes from options.seed (default 1).
import type { CostBreakdown, Problem, Solution, SolveOptions } from './model.js';
import { SearchRun } from './solver/driver.js';
import { evaluateSolution } from './solver/exact.js';
import { compileInstance } from './solver/instance.js';

export { InvalidProblemError } from './solver/validate.js';

export interface SolveResult {
  solution: Solution;
  cost: CostBreakdown;
  feasible: boolean;
  iterations: number;
  elapsedMs: number;
}

export function solve(problem: Problem, options: SolveOptions = {}): SolveResult {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const run = new SearchRun(compileInstance(problem), { ...options, now }, options.seed ?? 1, t0);
  run.run();
  return finishResult(run);
}

/** Exact cost and feasibility of the run's best solution (all windows, not the search's view). */
export function finishResult(run: SearchRun): SolveResult {
  const solution = run.solution();
  const exact = evaluateSolution(run.inst, solution);
  return { solution, cost: exact.cost, feasible: exact.feasible, iterations: run.steps(), elapsedMs: run.elapsedMs() };
}

// The engine's entry point: solve a routing Problem within an iteration and/or time budget.
import type { CostBreakdown, Problem, Solution, SolveOptions } from './model.js';
import { compileInstance } from './solver/instance.js';
import { constructGreedy } from './solver/construct.js';
import { evaluateSolution } from './solver/exact.js';

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
  const inst = compileInstance(problem);
  const solution = constructGreedy(inst);
  const exact = evaluateSolution(inst, solution);
  const elapsedMs = now() - t0;
  options.onProgress?.({ elapsedMs, iteration: 0, bestCost: exact.cost.total, bestFeasible: exact.feasible });
  return { solution, cost: exact.cost, feasible: exact.feasible, iterations: 0, elapsedMs };
}

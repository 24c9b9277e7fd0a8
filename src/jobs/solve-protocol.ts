// Messages between solveParallel (main thread) and its solve workers.
import type { Problem, Solution, SolveProgress } from '../engine/model.js';
import type { RoutesSnapshot } from '../engine/solver/local-search.js';

export interface WorkerInput {
  problem: Problem;
  seed: number;
  maxIterations?: number;
  /** Absolute deadline in epoch milliseconds (performance.timeOrigin + performance.now()). */
  deadline?: number;
  /** Steps between two synchronised exchanges of best solutions. */
  exchangeEvery: number;
  /** Warm start (SolveOptions.initialSolution), validated by the caller before the worker starts. */
  initialSolution?: Solution;
}

export type WorkerMessage =
  | { type: 'epoch'; epoch: number; best: RoutesSnapshot | null }
  | { type: 'progress'; progress: SolveProgress }
  | { type: 'done'; solution: Solution; iterations: number };

export interface ShareMessage {
  type: 'share';
  epoch: number;
  snapshots: RoutesSnapshot[];
}

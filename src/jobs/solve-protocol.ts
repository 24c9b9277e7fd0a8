// Messages between solveParallel (main thread) and its solve workers.
import type { Problem, Solution, SolveProgress } from '../engine/model.js';
import type { RoutesSnapshot } from '../engine/solver/local-search.js';

export interface WorkerInput {
  problem: Problem;
  seed: number;
  maxIterations?: number;
  /** Warm start (SolveOptions.initialSolution); plain arrays, so it crosses the thread as is. */
  initialSolution?: Solution;
  /** Absolute deadline in epoch milliseconds (performance.timeOrigin + performance.now()). */
  deadline?: number;
  /** Steps between two synchronised exchanges of best solutions. */
  exchangeEvery: number;
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

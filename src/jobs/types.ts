// The one interface for background work: solves (CPU-bound, kept off the event loop) and
// dispatch rounds (serialised per hub). Implementations: in-process (local.ts, default) and
// BullMQ on Redis (bullmq.ts, when REDIS_URL is set). The jobs layer runs work; it decides
// nothing: what a dispatch round does is a handler injected by the caller (the domain).
import type { Problem, Solution } from '../engine/model.js';

export interface SolveRequest {
  problem: Problem;
  /** Wall-clock budget for the search. */
  timeLimitMs: number;
  seed?: number;
  /** Iteration cap (deterministic tests); the time limit still applies. */
  maxIterations?: number;
  /** A solution of `problem` to start the search from (SolveOptions.initialSolution: the engine completes, educates and keeps it). */
  initialSolution?: Solution;
}

/** What a solve returns. Cost and feasibility are for callers to judge with the independent checker. */
export interface SolveOutcome {
  solution: Solution;
  iterations: number;
  elapsedMs: number;
}

/** Runs one dispatch round for a hub and returns a JSON-serialisable summary. */
export type DispatchHandler = (hubId: string) => Promise<unknown>;

export interface Jobs {
  readonly kind: 'local' | 'bullmq';
  solve(request: SolveRequest): Promise<SolveOutcome>;
  /** Runs the dispatch handler for `hubId`; rounds of one hub never overlap. */
  dispatch(hubId: string): Promise<unknown>;
  close(): Promise<void>;
}

/** Raised when a job cannot be run (worker crashed, queue unreachable, timed out). */
export class JobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobError';
  }
}

// One long-lived worker thread that solves routing problems in the order they are sent, so that
// the caller's event loop goes on (the simulation plays events, a server answers requests) while
// a plan is computed. Unlike solveInThread (a thread per solve, for time-limited requests) the
// thread is started once; requests carry an iteration budget and a seed, so the answers do not
// depend on timing. The worker script is the built JS (dist/), as for the other solve workers.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Problem, SolveOptions } from '../engine/model.js';
import type { SolveResult } from '../engine/solve.js';
import { JobError } from './types.js';

/** What a request may carry: everything of SolveOptions that can cross a thread (no callbacks). */
export type ThreadSolveOptions = Omit<SolveOptions, 'now' | 'onProgress'>;

export interface SolverThreadRequest {
  id: number;
  problem: Problem;
  options: ThreadSolveOptions;
}

export type SolverThreadAnswer =
  | { id: number; ok: true; result: SolveResult; threadMs: number }
  | { id: number; ok: false; error: string; threadMs: number };

export interface ThreadSolveResult extends SolveResult {
  /** Time the solve took on the worker thread (it has the thread to itself: close to its CPU time). */
  threadMs: number;
}

export function solverThreadWorkerUrl(): URL {
  const here = new URL('./solver-thread-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  // Running from TypeScript sources (tests): the worker needs the built JS under dist/.
  return new URL('../../dist/src/jobs/solver-thread-worker.js', import.meta.url);
}

export class SolverThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (r: ThreadSolveResult) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failure: Error | null = null;

  constructor(workerUrl: URL = solverThreadWorkerUrl()) {
    this.worker = new Worker(workerUrl);
    // Idle, the thread must not keep the process alive; it is referenced while a solve is out.
    this.worker.unref();
    this.worker.on('message', (a: SolverThreadAnswer) => {
      const w = this.waiting.get(a.id);
      if (!w) return;
      this.waiting.delete(a.id);
      if (this.waiting.size === 0) this.worker.unref();
      if (a.ok) w.resolve({ ...a.result, threadMs: a.threadMs });
      else w.reject(new JobError(`solver thread: ${a.error}`));
    });
    const fail = (err: Error) => {
      this.failure = err;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    this.worker.on('error', (err) => fail(new JobError(`solver thread failed: ${err.message}`)));
    this.worker.on('exit', (code) => fail(new JobError(`solver thread exited (code ${code})`)));
  }

  /** Solves on the thread; requests are answered in the order they were sent. */
  solve(problem: Problem, options: ThreadSolveOptions): Promise<ThreadSolveResult> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      const req: SolverThreadRequest = { id, problem, options };
      this.worker.postMessage(req);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new JobError('solver thread closed');
    await this.worker.terminate();
  }
}

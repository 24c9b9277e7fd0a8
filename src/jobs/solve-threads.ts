// Parallel solving: `threads` independent hybrid genetic searches (seeds seed, seed+1, …) in
// worker_threads that exchange their best solutions at synchronised epochs. With a fixed
// iteration budget the result is deterministic. threads: 1 runs in-process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Problem, Solution, SolveOptions } from '../engine/model.js';
import { solve, type SolveResult } from '../engine/solve.js';
import { evaluateSolution } from '../engine/solver/exact.js';
import { compileInstance } from '../engine/solver/instance.js';
import { validateInitialSolution } from '../engine/solver/warm-start.js';
import type { ShareMessage, WorkerInput, WorkerMessage } from './solve-protocol.js';

export interface ParallelOptions extends SolveOptions {
  threads: number;
  /** Steps between exchanges (default 500). */
  exchangeEvery?: number;
  /** Built worker script; defaults to the sibling solve-worker.js (dist/ when running from source). */
  workerUrl?: URL;
}

export function defaultWorkerUrl(): URL {
  const here = new URL('./solve-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  // Running from TypeScript sources (tests): workers need the built JS under dist/.
  return new URL('../../dist/src/jobs/solve-worker.js', import.meta.url);
}

export async function solveParallel(problem: Problem, options: ParallelOptions): Promise<SolveResult> {
  const threads = Math.max(1, Math.floor(options.threads));
  if (threads === 1) return solve(problem, options);
  // Bad input fails here with its typed error, not as a worker crash.
  const inst = compileInstance(problem);
  if (options.initialSolution) validateInitialSolution(problem, options.initialSolution);
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const seed = options.seed ?? 1;
  const deadline =
    options.timeLimitMs !== undefined ? performance.timeOrigin + performance.now() + options.timeLimitMs : undefined;
  const exchangeEvery = options.exchangeEvery ?? 500;
  const url = options.workerUrl ?? defaultWorkerUrl();
  const workers: Worker[] = [];
  const results: Array<{ solution: Solution; iterations: number } | null> = new Array(threads).fill(null);
  const live = new Set<number>();
  const posted = new Map<number, Map<number, WorkerMessage & { type: 'epoch' }>>();
  let bestReported = Infinity;
  let lastReport = -Infinity;

  await new Promise<void>((resolve, reject) => {
    const tryRelease = (epoch: number): void => {
      const got = posted.get(epoch);
      if (!got) return;
      for (const w of live) if (!got.has(w)) return;
      // Everyone still running reached this epoch: hand each the others' bests, in worker order.
      posted.delete(epoch);
      const all = [...got.keys()].sort((a, b) => a - b);
      for (const w of all) {
        const snapshots = all.filter((o) => o !== w).map((o) => got.get(o)!.best).filter((s) => s !== null);
        const msg: ShareMessage = { type: 'share', epoch, snapshots };
        workers[w]!.postMessage(msg);
      }
    };
    for (let i = 0; i < threads; i++) {
      const input: WorkerInput = { problem, seed: seed + i, exchangeEvery };
      if (options.maxIterations !== undefined) input.maxIterations = options.maxIterations;
      if (deadline !== undefined) input.deadline = deadline;
      if (options.initialSolution) input.initialSolution = options.initialSolution;
      const w = new Worker(url, { workerData: input });
      workers.push(w);
      live.add(i);
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') {
          const t = now();
          if (m.progress.bestCost < bestReported || t - lastReport >= 250) {
            bestReported = Math.min(bestReported, m.progress.bestCost);
            lastReport = t;
            options.onProgress?.({ ...m.progress, elapsedMs: t - t0 });
          }
        } else if (m.type === 'epoch') {
          if (!posted.has(m.epoch)) posted.set(m.epoch, new Map());
          posted.get(m.epoch)!.set(i, m);
          tryRelease(m.epoch);
        } else {
          results[i] = { solution: m.solution, iterations: m.iterations };
          live.delete(i);
          for (const e of [...posted.keys()].sort((a, b) => a - b)) tryRelease(e);
          if (live.size === 0) resolve();
        }
      });
      w.on('error', (err) => {
        for (const o of workers) void o.terminate();
        reject(err);
      });
    }
  });
  for (const w of workers) void w.terminate();

  let best: SolveResult | null = null;
  let iterations = 0;
  for (const r of results) {
    if (!r) continue;
    iterations += r.iterations;
    const exact = evaluateSolution(inst, r.solution);
    const cand: SolveResult = { solution: r.solution, cost: exact.cost, feasible: exact.feasible, iterations: 0, elapsedMs: 0 };
    if (!best || (cand.feasible && !best.feasible) || (cand.feasible === best.feasible && cand.cost.total < best.cost.total - 1e-9)) best = cand;
  }
  if (!best) throw new Error('solveParallel: no worker returned a solution');
  return { ...best, iterations, elapsedMs: now() - t0 };
}

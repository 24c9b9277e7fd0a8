// One solve in one worker thread, so the event loop stays free during the search. Speaks the
// solve-worker protocol (solve-protocol.ts) with a single participant: every epoch is answered
// with no foreign solutions. The worker script is the built JS (dist/), see defaultWorkerUrl.
import { Worker } from 'node:worker_threads';
import type { Solution } from '../engine/model.js';
import type { ShareMessage, WorkerInput, WorkerMessage } from './solve-protocol.js';
import { defaultWorkerUrl } from './solve-threads.js';
import { JobError, type SolveOutcome, type SolveRequest } from './types.js';

/** Extra time a worker gets past its deadline before it is terminated as stuck. */
const GRACE_MS = 5_000;

export function solveInThread(request: SolveRequest, workerUrl: URL = defaultWorkerUrl()): Promise<SolveOutcome> {
  const t0 = performance.now();
  const input: WorkerInput = {
    problem: request.problem,
    seed: request.seed ?? 1,
    deadline: performance.timeOrigin + performance.now() + request.timeLimitMs,
    // Only one participant: exchanges are pointless, keep them rare.
    exchangeEvery: 1_000_000,
  };
  if (request.maxIterations !== undefined) input.maxIterations = request.maxIterations;
  if (request.initialSolution !== undefined) input.initialSolution = request.initialSolution;
  return new Promise<SolveOutcome>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(workerUrl, { workerData: input });
    const finish = (err: Error | null, result?: { solution: Solution; iterations: number }) => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      void worker.terminate();
      if (err) reject(err);
      else resolve({ solution: result!.solution, iterations: result!.iterations, elapsedMs: performance.now() - t0 });
    };
    const watchdog = setTimeout(
      () => finish(new JobError(`solve worker gave no answer within ${request.timeLimitMs + GRACE_MS} ms`)),
      request.timeLimitMs + GRACE_MS,
    );
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'epoch') {
        const share: ShareMessage = { type: 'share', epoch: m.epoch, snapshots: [] };
        worker.postMessage(share);
      } else if (m.type === 'done') {
        finish(null, { solution: m.solution, iterations: m.iterations });
      }
    });
    worker.on('error', (err) => finish(new JobError(`solve worker failed: ${err.message}`)));
    worker.on('exit', (code) => finish(new JobError(`solve worker exited (code ${code}) before answering`)));
  });
}

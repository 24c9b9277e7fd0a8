// One independent hybrid genetic search in a worker thread. Every `exchangeEvery` steps it posts
// its best routes and waits for the others' (synchronised epochs keep iteration-bounded runs
// deterministic), injects them into its population, and goes on until its budget ends.
import { parentPort, workerData } from 'node:worker_threads';
import type { Solution, SolveOptions } from '../engine/model.js';
import { SearchRun } from '../engine/solver/driver.js';
import { compileInstance } from '../engine/solver/instance.js';
import type { ShareMessage, WorkerInput, WorkerMessage } from './solve-protocol.js';

const input = workerData as WorkerInput;
const port = parentPort!;
const epochNow = (): number => performance.timeOrigin + performance.now();
// initialSolution: passed on as SolveOptions.initialSolution (ignored by an engine without warm starts).
const options: SolveOptions & { initialSolution?: Solution } = {
  seed: input.seed,
  now: () => performance.now(),
  onProgress: (progress) => post({ type: 'progress', progress }),
};
if (input.maxIterations !== undefined) options.maxIterations = input.maxIterations;
if (input.initialSolution !== undefined) options.initialSolution = input.initialSolution;
if (input.deadline !== undefined) options.timeLimitMs = Math.max(0, input.deadline - epochNow());
const run = new SearchRun(compileInstance(input.problem), options, input.seed);

function post(m: WorkerMessage): void {
  port.postMessage(m);
}

let epoch = 0;
function next(): void {
  epoch++;
  run.run(epoch * input.exchangeEvery);
  if (run.finished()) {
    post({ type: 'done', solution: run.solution(), iterations: run.steps() });
    port.close();
    return;
  }
  post({ type: 'epoch', epoch, best: run.bestSnapshot() });
}

port.on('message', (m: ShareMessage) => {
  if (m.type !== 'share') return;
  for (const s of m.snapshots) run.inject(s);
  next();
});
next();

// The worker side of SolverThread: solves one request at a time with the engine's solve() and
// posts the answer back. Iteration-bounded requests (no time limit) give the answer an in-process
// solve() would give, bit for bit: same code, same seed, same budget.
import { parentPort } from 'node:worker_threads';
import { solve } from '../engine/solve.js';
import type { SolverThreadAnswer, SolverThreadRequest } from './solver-thread.js';

const port = parentPort!;
port.on('message', (req: SolverThreadRequest) => {
  const t0 = performance.now();
  let answer: SolverThreadAnswer;
  try {
    const result = solve(req.problem, req.options);
    answer = { id: req.id, ok: true, result, threadMs: performance.now() - t0 };
  } catch (err) {
    answer = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err), threadMs: performance.now() - t0 };
  }
  port.postMessage(answer);
});

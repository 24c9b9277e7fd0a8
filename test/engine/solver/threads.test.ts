import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check } from '../../../src/engine/check.js';
import { solveParallel } from '../../../src/jobs/solve-threads.js';
import { euclidProblem, randomPoints } from './fixtures.js';

// Workers run the built JS: `npm run build` (npm test does it) before running this file alone.
const workerUrl = new URL('../../../dist/src/jobs/solve-worker.js', import.meta.url);

describe('solveParallel', () => {
  const pts = randomPoints(9, 81, 1000);
  const problem = euclidProblem(
    pts,
    pts.slice(1).map((_, i) => ({ location: i + 1, demand: [1 + (i % 5)] })),
    Array.from({ length: 30 }, () => ({ capacity: [25] })),
  );

  it('has the built worker available', () => {
    expect(existsSync(fileURLToPath(workerUrl)), 'run `npm run build` first').toBe(true);
  });

  it('two threads with an iteration budget are deterministic and checker-valid', async () => {
    const opts = { threads: 2, seed: 3, maxIterations: 200, exchangeEvery: 50, workerUrl };
    const a = await solveParallel(problem, opts);
    const b = await solveParallel(problem, opts);
    expect(a.solution).toEqual(b.solution);
    expect(a.cost.total).toBe(b.cost.total);
    expect(a.iterations).toBe(400);
    const verdict = check(problem, a.solution);
    expect(verdict.feasible).toBe(true);
    expect(verdict.cost.total).toBeCloseTo(a.cost.total, 6);
  });

  it('respects a time limit and reports progress from the workers', async () => {
    let reports = 0;
    const t0 = performance.now();
    const r = await solveParallel(problem, { threads: 2, seed: 1, timeLimitMs: 1000, workerUrl, onProgress: () => reports++ });
    expect(performance.now() - t0).toBeLessThan(2500); // includes worker start-up
    expect(r.feasible).toBe(true);
    expect(reports).toBeGreaterThan(0);
  });

  it('threads: 1 runs in-process', async () => {
    const r = await solveParallel(problem, { threads: 1, seed: 1, maxIterations: 50 });
    expect(r.iterations).toBe(50);
    expect(check(problem, r.solution).feasible).toBe(true);
  });
});

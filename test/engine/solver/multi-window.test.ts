import { describe, expect, it } from 'vitest';
import { check } from '../../../src/engine/check.js';
import { solve } from '../../../src/engine/solve.js';
import { Rng } from '../../../src/engine/solver/rng.js';
import { bruteForce, euclidProblem, randomPoints } from './fixtures.js';

// Jobs with two windows each. The search works on each job's window envelope and re-checks its
// candidates exactly (repairing with windows pinned when needed), so the answer must be
// checker-feasible whenever a feasible plan exists. Optimality is not guaranteed here: measured,
// seeds 41, 43, 44 reach the optimum, seed 42 ends 5.7 % above it (445 vs 421).
describe('solve: jobs with several time windows', () => {
  for (const seed of [41, 42, 43, 44]) {
    it(`seed ${seed}: feasible when possible, and the feasible flag agrees with the checker`, () => {
      const rng = new Rng(seed);
      const pts = randomPoints(seed, 7);
      const problem = euclidProblem(
        pts,
        pts.slice(1).map((_, i) => {
          const a = rng.int(150);
          const b = a + 60 + rng.int(100);
          return { location: i + 1, service: 5, timeWindows: [{ start: a, end: a + 40 }, { start: b, end: b + 40 }] };
        }),
        [{ capacity: [4], shift: { start: 0, end: 600 } }, { capacity: [4], shift: { start: 0, end: 600 } }],
      );
      const opt = bruteForce(problem);
      const result = solve(problem, { seed: 1, maxIterations: 300 });
      const verdict = check(problem, result.solution);
      expect(result.feasible).toBe(verdict.feasible);
      expect(verdict.cost.total).toBeCloseTo(result.cost.total, 6);
      if (opt.cost < Infinity) {
        expect(verdict.violations).toEqual([]);
        expect(result.cost.total).toBeGreaterThanOrEqual(opt.cost - 1e-9);
      }
    });
  }
});

import { describe, expect, it } from 'vitest';
import { check } from '../../../src/engine/check.js';
import { solve } from '../../../src/engine/solve.js';
import { Rng } from '../../../src/engine/solver/rng.js';
import { bruteForce, euclidProblem, randomPoints } from './fixtures.js';

// Mixed features on 6-job instances: depots and open ends, capacities, fixed and per-time costs,
// windows, max distance, optional jobs, eligibility. The solver must reach the brute-force optimum.
function mixedProblem(seed: number) {
  const rng = new Rng(seed);
  const pts = randomPoints(seed, 9, 100);
  const jobs = Array.from({ length: 6 }, (_, i) => {
    const start = rng.int(200);
    return {
      location: 3 + (i % 6),
      demand: [1 + rng.int(3)],
      service: rng.int(10),
      timeWindows: rng.int(2) ? [{ start, end: start + 150 + rng.int(150) }] : [],
      optional: rng.int(5) === 0,
      penalty: 50 + rng.int(150),
      ...(rng.int(5) === 0 ? { allowedVehicles: [rng.int(3)] } : {}),
    };
  });
  const vehicles = [
    { capacity: [6], start: 0, end: 0, fixedCost: rng.int(60), shift: { start: 0, end: 700 } },
    { capacity: [4], start: 1, end: 2, fixedCost: rng.int(60), costPerTime: 0.5, shift: { start: 0, end: 700 } },
    { capacity: [8], start: 2, end: null, fixedCost: rng.int(60), maxDistance: 250, costPerDistance: 1.5, shift: { start: 0, end: 700 } },
  ];
  return euclidProblem(pts, jobs, vehicles);
}

describe('solve: random mixed-feature instances reach the brute-force optimum', () => {
  for (const seed of [31, 32, 33, 34, 35, 36]) {
    it(`seed ${seed}`, () => {
      const problem = mixedProblem(seed);
      const opt = bruteForce(problem);
      expect(opt.cost).toBeLessThan(Infinity); // these seeds all have a feasible optimum
      const result = solve(problem, { seed: 1, maxIterations: 400 });
      const verdict = check(problem, result.solution);
      expect(verdict.cost.total).toBeCloseTo(result.cost.total, 6);
      expect(verdict.violations).toEqual([]);
      expect(result.cost.total).toBeCloseTo(opt.cost, 6);
    });
  }
});

// Warm-started dispatch rounds (orders optional at a huge penalty): after dropToFeasible, the
// local search puts back the jobs that fit without breaking a rule (insertFeasible), alone or as a
// new trip; warm-started searches build their other individuals around the best (ruin and
// recreate) and repair by dropping. The independent checker is the oracle.
import { describe, expect, it } from 'vitest';
import { check } from '../../../src/engine/check.js';
import type { Problem, Solution } from '../../../src/engine/model.js';
import { solve } from '../../../src/engine/solve.js';
import { Hgs } from '../../../src/engine/solver/hgs.js';
import { compileInstance } from '../../../src/engine/solver/instance.js';
import { Rng } from '../../../src/engine/solver/rng.js';
import { euclidProblem, randomPoints } from './fixtures.js';

const HUGE = 1e9;

function loaded(p: Problem, routes: number[][]): Hgs {
  const hgs = new Hgs(compileInstance(p), 1);
  hgs.ls.load({ routes, unassigned: [] });
  return hgs;
}

describe('insertFeasible', () => {
  // Two vehicles of capacity 4, six orders of demand 1; vehicle 0 carries five (one too many).
  const p = euclidProblem(
    randomPoints(5, 7, 100),
    Array.from({ length: 6 }, (_, i) => ({ location: i + 1, optional: true, penalty: HUGE })),
    [{ capacity: [4] }, { capacity: [4] }],
  );

  it('puts a dropped order back on the route with room for it', () => {
    const hgs = loaded(p, [[0, 1, 2, 3, 4], [5]]);
    expect(hgs.ls.violations()).not.toBe(0);
    expect(hgs.ls.dropToFeasible()).toBe(true);
    expect(hgs.ls.export().unassigned).toHaveLength(1);
    expect(hgs.ls.insertFeasible()).toBe(1);
    const snap = hgs.ls.export();
    expect(hgs.ls.violations()).toBe(0);
    expect(snap.unassigned).toEqual([]);
    expect(snap.routes[0]).toHaveLength(4);
    expect(snap.routes[1]).toHaveLength(2);
  });

  it('leaves out an order that fits nowhere, and one whose penalty is below its detour', () => {
    // Vehicle 0 is full, vehicle 1 has room for three units: a 4-unit order fits nowhere.
    const q: Problem = { ...p, jobs: p.jobs.map((j, i) => (i === 5 ? { ...j, demand: [4] } : j)) };
    const h = loaded(q, [[0, 1, 2, 3], [4]]);
    expect(h.ls.insertFeasible()).toBe(0);
    expect(h.ls.export().unassigned).toEqual([5]);
    // Cheap to leave out: stays out although vehicle 1 has room.
    const cheap: Problem = { ...p, jobs: p.jobs.map((j, i) => (i === 5 ? { ...j, penalty: 1e-3 } : j)) };
    const c = loaded(cheap, [[0, 1, 2, 3], [4]]);
    expect(c.ls.insertFeasible()).toBe(0);
    // The same order at a huge penalty goes in.
    expect(loaded(p, [[0, 1, 2, 3], [4]]).ls.insertFeasible()).toBe(1);
  });

  it('opens a new trip with a reload visit when the vehicle may reload', () => {
    const mt = euclidProblem(
      randomPoints(8, 5, 100),
      Array.from({ length: 4 }, (_, i) => ({ location: i + 1, optional: true, penalty: HUGE })),
      [{ capacity: [2], maxTrips: 3, reloadTime: 5 }],
    );
    const hgs = loaded(mt, [[0, 1]]);
    expect(hgs.ls.insertFeasible()).toBe(2);
    const snap = hgs.ls.export();
    expect(hgs.ls.violations()).toBe(0);
    expect(snap.unassigned.filter((j) => j < 4)).toEqual([]);
    const inst = hgs.inst;
    const reloads = snap.routes[0]!.filter((x) => inst.isReload[x]).length;
    expect(reloads).toBe(1);
    const sol: Solution = { routes: [{ vehicle: 0, trips: [[], []] }], unassigned: [] };
    for (const x of snap.routes[0]!) {
      if (inst.isReload[x]) sol.routes[0]!.trips.push([]);
      else sol.routes[0]!.trips.at(-1)!.push(x);
    }
    sol.routes[0]!.trips = sol.routes[0]!.trips.filter((t) => t.length > 0);
    const c = check(mt, sol);
    expect(c.feasible).toBe(true);
    expect(c.unassigned).toEqual([]);
  });
});

/**
 * A drone-like round: two hubs' worth of orders around one depot, multi-trip vehicles with a
 * short shift (not every order fits), orders optional at a huge penalty; the warm start is the
 * plan of a previous solve on the first orders only (as the dispatcher passes the previous plan).
 */
function dispatchRound(seed: number): { problem: Problem; previous: Problem } {
  const rng = new Rng(seed);
  const pts = randomPoints(seed, 41, 1000);
  const jobs = pts.slice(1).map((_, i) => ({ location: i + 1, demand: [1 + rng.int(2)], service: 30, optional: true, penalty: HUGE }));
  const vehicles = Array.from({ length: 4 }, () => ({ capacity: [4], maxTrips: 6, reloadTime: 60, shift: { start: 0, end: 4200 } }));
  const problem = euclidProblem(pts, jobs, vehicles);
  const previous = euclidProblem(pts, jobs.map((j, i) => (i < 28 ? j : { ...j, optional: true, penalty: 0 })), vehicles);
  return { problem, previous };
}

describe('warm-started dispatch rounds', () => {
  for (const seed of [1, 2, 3]) {
    it(`serves at least as many orders as without the warm start, feasibly, deterministically (seed ${seed})`, () => {
      const { problem, previous } = dispatchRound(seed);
      const prev = solve(previous, { seed, maxIterations: 10 });
      const initialSolution: Solution = {
        routes: prev.solution.routes.map((r) => ({ vehicle: r.vehicle, trips: r.trips.map((t) => t.filter((j) => j < 28)).filter((t) => t.length > 0) })),
        unassigned: [],
      };
      const opts = { seed, maxIterations: 10, initialSolution };
      const warm = solve(problem, opts);
      const c = check(problem, warm.solution);
      expect(c.feasible).toBe(true);
      const cold = solve(problem, { seed, maxIterations: 10 });
      expect(warm.solution.unassigned.length).toBeLessThanOrEqual(cold.solution.unassigned.length);
      // Not every order fits the shift: the round is a real drop-and-reinsert case.
      expect(cold.solution.unassigned.length).toBeGreaterThan(0);
      const again = solve(problem, opts);
      expect(again.solution).toEqual(warm.solution);
    });
  }
});

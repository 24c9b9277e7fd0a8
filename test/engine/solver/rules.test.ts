import { describe, expect, it } from 'vitest';
import { check } from '../../../src/engine/check.js';
import { composeRules, RuleSet } from '../../../src/engine/rules/index.js';
import { BW, FW } from '../../../src/engine/rules/types.js';
import { compileInstance } from '../../../src/engine/solver/instance.js';
import { Rng } from '../../../src/engine/solver/rng.js';
import { euclidProblem, randomPoints, storeRoute } from './fixtures.js';

/** A random problem with windows, service, a shift and route limits; one vehicle per test route. */
function randomProblem(seed: number) {
  const rng = new Rng(seed);
  const pts = randomPoints(seed, 9, 100);
  return euclidProblem(
    pts,
    pts.slice(1).map((_, i) => {
      const start = rng.int(300);
      return { location: i + 1, demand: [1 + rng.int(4)], service: rng.int(20), timeWindows: [{ start, end: start + 30 + rng.int(200) }] };
    }),
    [{ capacity: [9], shift: { start: 0, end: 600 }, maxDistance: 350, maxDuration: 500 }],
  );
}

/** Stores the route `jobs` (vehicle 0 = route slot 0: nodes n, n+1) in the rules' fw/bw columns. */

describe('rules: segment concatenation agrees with the independent checker', () => {
  it('capacity, time windows, shift, max distance and max duration on random routes', () => {
    let feasibleSeen = 0;
    let infeasibleSeen = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const problem = randomProblem(seed);
      const inst = compileInstance(problem);
      const rules = new RuleSet(inst, inst.n + 2);
      expect(rules.rules.map((r) => r.name)).toEqual(['capacity', 'time', 'maxDistance', 'maxDuration']);
      for (let j = 0; j < inst.n; j++) rules.setJob(j, j);
      rules.setDepots(inst.n, inst.n + 1, 0);
      const rng = new Rng(seed * 7);
      const jobs = Array.from({ length: inst.n }, (_, i) => i);
      rng.shuffle(jobs);
      const route = jobs.slice(0, 2 + rng.int(5));
      storeRoute(rules, inst, route);
      const violated = rules.routeViolations(inst.n + 1, 0) !== 0;
      const verdict = check(problem, { routes: [{ vehicle: 0, trips: [route] }], unassigned: jobs.slice(route.length) });
      const routeViolations = verdict.violations.filter((v) => !v.includes('mandatory'));
      expect(violated).toBe(routeViolations.length > 0);
      if (violated) infeasibleSeen++;
      else feasibleSeen++;
    }
    expect(feasibleSeen).toBeGreaterThan(5);
    expect(infeasibleSeen).toBeGreaterThan(5);
  });

  it('fw[k] ⊕ bw[k+1] gives the whole route at every cut (associativity)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const problem = randomProblem(seed);
      const inst = compileInstance(problem);
      const rules = new RuleSet(inst, inst.n + 2);
      for (let j = 0; j < inst.n; j++) rules.setJob(j, j);
      rules.setDepots(inst.n, inst.n + 1, 0);
      const route = [0, 1, 2, 3, 4, 5, 6, 7].slice(0, 3 + (seed % 6));
      const { nodes, leg } = storeRoute(rules, inst, route);
      const whole = rules.routePenalty(inst.n + 1, 0);
      for (let k = 0; k < nodes.length - 1; k++) {
        rules.start(FW, nodes[k]!);
        rules.push(BW, nodes[k + 1]!, ...leg(nodes[k]!, nodes[k + 1]!));
        expect(rules.penalty(0)).toBeCloseTo(whole, 9);
      }
    }
  });

  it('uses the loop-free evaluator when a single rule is active (plain CVRP)', () => {
    const problem = euclidProblem(randomPoints(1, 4), [{ location: 1 }, { location: 2 }], [{}]);
    const ev = composeRules(compileInstance(problem), 6);
    expect(ev.count).toBe(1);
    expect(ev.orderSensitive).toBe(false);
  });
});

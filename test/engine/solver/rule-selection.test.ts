// Per-vehicle rule selection: the search runs on a vehicle's routes only the rules that can be
// violated there (no battery on a van, no distance limit on a drone, no trip count when the reload
// pool fits). Skipping them must change nothing: every penalty and violation flag equals the one
// of the full rule set, on random routes of each vehicle of a mixed fleet.
import { describe, expect, it } from 'vitest';
import type { VehicleEnergy } from '../../../src/engine/model.js';
import { RULES, RuleSet } from '../../../src/engine/rules/index.js';
import type { RuleModule } from '../../../src/engine/rules/types.js';
import { compileInstance } from '../../../src/engine/solver/instance.js';
import { Rng } from '../../../src/engine/solver/rng.js';
import { euclidProblem, randomPoints } from './fixtures.js';

/** The same rules with every rule active on every vehicle (as before the selection existed). */
const ALWAYS: RuleModule[] = RULES.map((m) => ({
  ...m,
  create: (inst, nodes, deps) => {
    const r = m.create(inst, nodes, deps);
    return Object.assign(Object.create(Object.getPrototypeOf(r) as object) as object, r, { activeFor: () => true }) as typeof r;
  },
}));

const energy: VehicleEnergy = { budget: 900, base: 1, perLoad: 2, dimension: 0 };
const pts = randomPoints(5, 13, 60);
// Vehicle 0: a van with a distance limit; vehicles 1–2: drones with a battery and 3 trips each.
const problem = euclidProblem(
  pts,
  pts.slice(1).map((_, i) => ({ location: i + 1, demand: [1 + (i % 3)], timeWindows: [{ start: 0, end: 150 + 10 * i }] })),
  [{ capacity: [12], maxDistance: 180 }, { capacity: [4], maxTrips: 3, reloadTime: 5, energy }, { capacity: [4], maxTrips: 3, reloadTime: 5, energy }],
);

describe('rule selection per vehicle', () => {
  const inst = compileInstance(problem);
  const N = inst.n + 2 * inst.V;
  const selected = new RuleSet(inst, N);
  const full = new RuleSet(inst, N, ALWAYS);

  it('a van and a drone run different rules; the drones share theirs', () => {
    expect(selected.rules.map((r) => r.name)).toEqual(full.rules.map((r) => r.name));
    expect(selected.signature(0)).not.toBe(selected.signature(1));
    expect(selected.signature(1)).toBe(selected.signature(2));
    expect(full.signature(0)).toBe(full.signature(1));
  });

  it('every penalty, excess and violation flag is the full rule set’s', () => {
    const rng = new Rng(17);
    let violated = 0;
    for (let round = 0; round < 300; round++) {
      const v = rng.int(inst.V);
      // A random route of the vehicle: jobs in random order, reload visits (drones) in between.
      const jobs = Array.from({ length: inst.jobCount }, (_, j) => j).filter(() => rng.float() < 0.5);
      rng.shuffle(jobs);
      const reloads = Array.from({ length: inst.n - inst.jobCount }, (_, k) => inst.jobCount + k).filter((x) => inst.allowed === null || inst.allowed[x * inst.V + v] === 1);
      const seq: number[] = [];
      for (const j of jobs) {
        if (seq.length && reloads.length && rng.float() < 0.3) seq.push(reloads.pop()!);
        seq.push(j);
      }
      const s = inst.n + 2 * v;
      const e = s + 1;
      const leg = (a: number, b: number): [number, number] => {
        const la = a < inst.n ? inst.jobLoc[a]! : inst.vStart[v]!;
        const lb = b < inst.n ? inst.jobLoc[b]! : inst.vEnd[v]!;
        return [inst.dist[0]![la * inst.W + lb]!, inst.time[0]![la * inst.W + lb]!];
      };
      const nodes = [s, ...seq, e];
      const totals: number[][] = [];
      for (const rules of [selected, full]) {
        rules.coef.fill(1.5);
        for (let j = 0; j < inst.n; j++) rules.setJob(j, j);
        rules.setDepots(s, e, v);
        rules.select(v);
        rules.forwardStart(s);
        for (let k = 1; k < nodes.length; k++) rules.forward(nodes[k - 1]!, nodes[k]!, ...leg(nodes[k - 1]!, nodes[k]!));
        rules.backwardStart(e);
        for (let k = nodes.length - 2; k >= 0; k--) rules.backward(nodes[k]!, nodes[k + 1]!, ...leg(nodes[k]!, nodes[k + 1]!));
        const excess = new Float64Array(rules.count);
        rules.addRouteExcess(e, v, excess);
        const out = [rules.routePenalty(e, v), rules.routeViolations(e, v), ...excess];
        // Every split fw[a] ⊕ nd[b…] ⊕ bw[end]: the accumulated penalty.
        for (let k = 0; k + 1 < nodes.length; k++) {
          rules.select(v);
          rules.start(1, nodes[k]!);
          rules.push(2, nodes[k + 1]!, ...leg(nodes[k]!, nodes[k + 1]!));
          out.push(rules.penalty(v));
        }
        totals.push(out);
      }
      expect(totals[0]).toEqual(totals[1]);
      if (totals[1]![1]! !== 0) violated++;
    }
    // The comparison covers violating routes too (each rule's excess, not only zeros).
    expect(violated).toBeGreaterThan(50);
  });
});

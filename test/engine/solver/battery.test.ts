// Battery rule: per-trip energy with a payload-dependent draw per leg, E = t·(A·m + B), reset at
// reloads. Hand-computed values, agreement with the independent checker, the solver, the fit.
import { describe, expect, it } from 'vitest';
import { check } from '../../../src/engine/check.js';
import { vehicleEnergyFromDrone } from '../../../src/engine/drone/battery-fit.js';
import { dorlingModel, energyModelFor } from '../../../src/engine/drone/energy.js';
import { WING_LIKE } from '../../../src/engine/drone/presets.js';
import type { Problem, Solution, VehicleEnergy } from '../../../src/engine/model.js';
import { RuleSet } from '../../../src/engine/rules/index.js';
import { solve } from '../../../src/engine/solve.js';
import { compileInstance, type Instance } from '../../../src/engine/solver/instance.js';
import { storeRoute } from './fixtures.js';
import { Rng } from '../../../src/engine/solver/rng.js';
import { HAND_SPEC } from '../drone/fixtures.js';
import { euclidProblem, randomPoints } from './fixtures.js';

// Depot at x=0, job 0 (payload 3) at x=10, job 1 (payload 1) at x=20; time = distance; A=2, B=1.
//   [0,1] one trip: 10·(2·4+1) + 10·(2·1+1) + 20·1 = 90 + 30 + 20 = 140
//   [1,0] one trip: 20·(2·4+1) + 10·(2·3+1) + 10·1 = 180 + 70 + 10 = 260
//   [0] | [1]:      10·(2·3+1) + 10·1 = 80  and  20·(2·1+1) + 20·1 = 80
function line(budget: number, maxTrips: number, vehicles = 1): Problem {
  const energy: VehicleEnergy = { budget, base: 1, perLoad: 2, dimension: 0 };
  return euclidProblem(
    [[0, 0], [10, 0], [20, 0]],
    [{ location: 1, demand: [3] }, { location: 2, demand: [1] }],
    Array.from({ length: vehicles }, () => ({ capacity: [10], maxTrips, energy })),
  );
}

const sol = (trips: number[][]): Solution => ({ routes: [{ vehicle: 0, trips }], unassigned: [] });

/** Loads a node sequence (jobs and reload visits) as route slot 0 and returns each rule's excess. */
function ruleExcess(inst: Instance, seq: number[]): Record<string, number> {
  const rules = new RuleSet(inst, inst.n + 2);
  for (let j = 0; j < inst.n; j++) rules.setJob(j, j);
  const n = inst.n;
  rules.setDepots(n, n + 1, 0);
  const { nodes, leg } = storeRoute(rules, inst, seq);
  const out = new Float64Array(rules.count);
  rules.addRouteExcess(n + 1, 0, out);
  // Every split fw[a] ⊕ bw[b] gives the same weighted violation as the stored route.
  const total = rules.routePenalty(n + 1, 0);
  for (let k = 0; k + 1 < nodes.length; k++) {
    rules.start(1, nodes[k]!);
    rules.push(2, nodes[k + 1]!, ...leg(nodes[k]!, nodes[k + 1]!));
    expect(rules.penalty(0)).toBeCloseTo(total, 6);
  }
  return Object.fromEntries(rules.rules.map((r, i) => [r.name, out[i]!]));
}

describe('battery rule: hand-computed energies', () => {
  it('one trip: the order matters (the heavy parcel first is cheaper)', () => {
    const p = line(150, 1);
    const inst = compileInstance(p);
    expect(ruleExcess(inst, [0, 1]).battery).toBeCloseTo(0, 9);
    expect(ruleExcess(inst, [1, 0]).battery).toBeCloseTo(110, 9);
    expect(check(p, sol([[0, 1]])).feasible).toBe(true);
    const bad = check(p, sol([[1, 0]]));
    expect(bad.violations).toEqual(['route 0 (vehicle v0) trip 1: energy 260 exceeds the battery budget 150']);
    // Budget 139: even the better order (140) is over by 1.
    expect(ruleExcess(compileInstance(line(139, 1)), [0, 1]).battery).toBeCloseTo(1, 9);
    expect(check(line(139, 1), sol([[0, 1]])).feasible).toBe(false);
  });

  it('a reload resets the budget: two trips of 80 each', () => {
    for (const [budget, excess] of [[100, 0], [75, 10], [79, 2]] as const) {
      const p = line(budget, 2);
      const inst = compileInstance(p);
      const reload = inst.jobCount;
      expect(inst.isReload[reload]).toBe(1);
      expect(ruleExcess(inst, [0, reload, 1]).battery).toBeCloseTo(excess, 9);
      expect(check(p, sol([[0], [1]])).feasible).toBe(excess === 0);
    }
  });

  it('the solver reloads when one trip cannot carry both parcels on one charge', () => {
    const r = solve(line(100, 2), { seed: 1, maxIterations: 50 });
    const c = check(line(100, 2), r.solution);
    expect(c.violations).toEqual([]);
    expect(c.routes[0]!.trips).toBe(2);
    expect(c.cost.total).toBe(60);
    // With a big enough battery it keeps one trip (distance 40).
    const one = check(line(150, 2), solve(line(150, 2), { seed: 1, maxIterations: 50 }).solution);
    expect(one.violations).toEqual([]);
    expect(one.cost.total).toBe(40);
    // No reloads but two vehicles: one parcel each.
    const two = check(line(100, 1, 2), solve(line(100, 1, 2), { seed: 1, maxIterations: 50 }).solution);
    expect(two.violations).toEqual([]);
    expect(two.vehiclesUsed).toBe(2);
  });

  it('vehicles may have their own draw model; only the payload dimension must be shared', () => {
    // Vehicle 1 draws more per unit of payload: [1,0] costs 20·(3·4+1) + 10·(3·3+1) + 10 = 370.
    const p = line(300, 1, 2);
    p.vehicles[1]!.energy = { budget: 300, base: 1, perLoad: 3, dimension: 0 };
    const inst = compileInstance(p);
    const rules = new RuleSet(inst, inst.n + 4);
    for (let j = 0; j < inst.n; j++) rules.setJob(j, j);
    const excessOn = (v: number, seq: number[]): number => {
      const n = inst.n;
      rules.setDepots(n, n + 1, v);
      storeRoute(rules, inst, seq);
      const out = new Float64Array(rules.count);
      rules.addRouteExcess(n + 1, v, out);
      return out[rules.rules.findIndex((r) => r.name === 'battery')]!;
    };
    expect(excessOn(0, [1, 0])).toBeCloseTo(0, 9); // 260 on vehicle 0
    expect(excessOn(1, [1, 0])).toBeCloseTo(70, 9); // 370 on vehicle 1
    expect(check(p, { routes: [{ vehicle: 1, trips: [[1, 0]] }], unassigned: [] }).violations).toEqual(['route 0 (vehicle v1) trip 1: energy 370 exceeds the battery budget 300']);
    p.vehicles[1]!.energy = { budget: 100, base: 1, perLoad: 2, dimension: 1 };
    expect(() => compileInstance(p)).toThrow(/dimension 1 is not a capacity dimension/);
    const q = euclidProblem([[0, 0], [10, 0]], [{ location: 1, demand: [1, 1] }], [{ capacity: [5, 5], energy: { budget: 100, base: 1, perLoad: 1, dimension: 0 } }, { capacity: [5, 5], energy: { budget: 100, base: 1, perLoad: 1, dimension: 1 } }]);
    q.dimensions = 2;
    expect(() => compileInstance(q)).toThrow(expect.objectContaining({ code: 'energy_models_differ' }));
  });

  it('mixed models through reloads: each trip against its own vehicle (rule = checker)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rng = new Rng(seed);
      const pts = randomPoints(seed, 8, 100);
      const models = [0, 1].map(() => ({ budget: 400 + rng.int(900), base: 1 + rng.int(3), perLoad: rng.int(5) / 2, dimension: 0 }));
      const p = euclidProblem(pts, pts.slice(1).map((_, i) => ({ location: i + 1, demand: [1 + rng.int(4)] })), [
        { capacity: [1000], maxTrips: 4, energy: models[0] },
        { capacity: [1000], maxTrips: 4, energy: models[1] },
      ]);
      const r = solve(p, { seed, maxIterations: 200 });
      const c = check(p, r.solution);
      expect(c.feasible).toBe(r.feasible);
      expect(c.violations.filter((v) => v.includes('energy'))).toEqual([]);
    }
  });
});

describe('battery rule agrees with an independent per-leg sum and the checker', () => {
  it('random multi-trip routes', () => {
    let over = 0;
    let within = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const rng = new Rng(seed);
      const pts = randomPoints(seed, 8, 100);
      const energy: VehicleEnergy = { budget: 600 + rng.int(1200), base: 1 + rng.int(3), perLoad: rng.int(4) / 2, dimension: 0 };
      const p = euclidProblem(pts, pts.slice(1).map((_, i) => ({ location: i + 1, demand: [1 + rng.int(4)] })), [
        { capacity: [1000], maxTrips: 4, energy },
      ]);
      const inst = compileInstance(p);
      const T = p.matrices.car!.duration;
      const L = p.locationCount;
      for (let trial = 0; trial < 15; trial++) {
        const jobs = [...Array(p.jobs.length).keys()];
        rng.shuffle(jobs);
        const trips: number[][] = [[]];
        const seq: number[] = [];
        let reloads = 0;
        jobs.forEach((j, k) => {
          if (k > 0 && rng.int(3) === 0 && reloads < 3) {
            seq.push(inst.jobCount + reloads++);
            trips.push([]);
          }
          seq.push(j);
          trips.at(-1)!.push(j);
        });
        // Expected excess: straightforward per-leg sum per trip.
        let expected = 0;
        for (const trip of trips) {
          let m = trip.reduce((s, j) => s + p.jobs[j]!.demand[0]!, 0);
          let here = 0;
          let e = 0;
          for (const j of trip) {
            e += T[here * L + p.jobs[j]!.location]! * (energy.perLoad * m + energy.base);
            here = p.jobs[j]!.location;
            m -= p.jobs[j]!.demand[0]!;
          }
          e += T[here * L]! * energy.base;
          expected += Math.max(0, e - energy.budget);
        }
        const got = ruleExcess(inst, seq).battery!;
        expect(got).toBeCloseTo(expected, 6);
        expect(check(p, sol(trips)).feasible).toBe(expected === 0);
        if (expected > 0) over++;
        else within++;
      }
    }
    expect(over).toBeGreaterThan(40);
    expect(within).toBeGreaterThan(40);
  });
});

describe('vehicleEnergyFromDrone', () => {
  it('is exact for a linear spec (W and J, load in grams)', () => {
    const e = vehicleEnergyFromDrone(HAND_SPEC, energyModelFor(HAND_SPEC), { kgPerLoadUnit: 0.001, dimension: 0 });
    expect(e.base).toBeCloseTo(500, 9);
    expect(e.perLoad).toBeCloseTo(0.1, 9); // 100 W/kg = 0.1 W/g
    expect(e.budget).toBeCloseTo(259_200, 6); // 100 Wh × 0.9 × 0.8 × 3600
  });

  it('is the chord of the convex Dorling power: never below the model on [0, max payload]', () => {
    const spec = { ...WING_LIKE, energy: { kind: 'dorling' as const, airDensityKgM3: 1.225, efficiency: 0.6, avionicsW: 20 } };
    const model = dorlingModel(spec.energy);
    const e = vehicleEnergyFromDrone(spec, model, { kgPerLoadUnit: 1, dimension: 0 });
    const power = (m: number) => model.powerW(spec, m, 'cruise', spec.cruiseAirspeedMps);
    expect(e.base).toBeCloseTo(power(0), 9);
    expect(e.base + e.perLoad * spec.maxPayloadKg).toBeCloseTo(power(spec.maxPayloadKg), 9);
    let strictlyAbove = 0;
    for (let k = 1; k < 20; k++) {
      const m = (spec.maxPayloadKg * k) / 20;
      const chord = e.base + e.perLoad * m;
      expect(chord).toBeGreaterThanOrEqual(power(m) - 1e-9);
      if (chord > power(m) + 1e-6) strictlyAbove++;
    }
    expect(strictlyAbove).toBe(19);
  });
});

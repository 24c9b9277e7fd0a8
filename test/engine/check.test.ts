import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.js';
import { solve } from '../../src/engine/solve.js';
import type { Job, Problem, Solution, Vehicle } from '../../src/engine/model.js';

// A line world: locations 0 (depot), 1..4 at x = 10, 20, 30, 40; distance = duration = |dx|.
function lineProblem(over: { jobs?: Partial<Job>[]; vehicle?: Partial<Vehicle>; vehicles?: number } = {}): Problem {
  const xs = [0, 10, 20, 30, 40];
  const n = xs.length;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = Math.abs(xs[i]! - xs[j]!);
  const jobs: Job[] = [1, 2, 3, 4].map((loc, i) => ({
    id: `j${loc}`,
    location: loc,
    demand: [1, 1],
    service: 0,
    timeWindows: [],
    release: 0,
    optional: false,
    penalty: 0,
    ...(over.jobs?.[i] ?? {}),
  }));
  const vehicles: Vehicle[] = Array.from({ length: over.vehicles ?? 2 }, (_, k) => ({
    id: `v${k}`,
    profile: 'p',
    start: 0,
    end: 0,
    capacity: [10, 10],
    shift: { start: 0, end: 1000 },
    fixedCost: 0,
    costPerDistance: 1,
    costPerTime: 0,
    maxDistance: Infinity,
    maxDuration: Infinity,
    maxTrips: 1,
    reloadTime: 0,
    ...(over.vehicle ?? {}),
  }));
  return { name: 'line', dimensions: 2, locationCount: n, matrices: { p: { distance: m, duration: m } }, depots: [0], jobs, vehicles };
}

const allOnOne: Solution = { routes: [{ vehicle: 0, trips: [[0, 1, 2, 3]] }], unassigned: [] };

function violationsOf(problem: Problem, solution: Solution): string[] {
  const r = check(problem, solution);
  expect(r.feasible).toBe(r.violations.length === 0);
  return r.violations;
}

describe('check: feasible solutions and cost', () => {
  it('accepts a simple route and recomputes distance, schedule and loads', () => {
    const r = check(lineProblem(), allOnOne);
    expect(r.violations).toEqual([]);
    expect(r.feasible).toBe(true);
    expect(r.distance).toBe(80);
    expect(r.cost.total).toBe(80);
    const steps = r.routes[0]!.steps;
    expect(steps.map((s) => s.type)).toEqual(['start', 'job', 'job', 'job', 'job', 'end']);
    expect(steps.map((s) => s.arrival)).toEqual([0, 10, 20, 30, 40, 80]);
    expect(steps[0]!.load).toEqual([4, 4]);
    expect(steps[2]!.load).toEqual([2, 2]);
    expect(r.vehiclesUsed).toBe(1);
  });

  it('costs fixed + per distance + per travel time + penalties of optional unassigned jobs', () => {
    const p = lineProblem({ vehicle: { fixedCost: 100, costPerDistance: 2, costPerTime: 0.5 }, jobs: [{}, {}, {}, { optional: true, penalty: 7 }] });
    const r = check(p, { routes: [{ vehicle: 0, trips: [[0, 1, 2]] }], unassigned: [3] });
    expect(r.violations).toEqual([]);
    // route 0 -> 10 -> 20 -> 30 -> 0 = 60 distance, 60 travel time.
    expect(r.cost).toEqual({ fixed: 100, distance: 120, time: 30, penalty: 7, total: 257 });
  });

  it('counts waiting in the duration only when unavoidable (start delayed by the forward slack)', () => {
    // Job at x=10 opens at 100: leaving at 90 avoids all waiting, so duration = 20 travel.
    const optional = { optional: true, penalty: 0 };
    const p = lineProblem({ jobs: [{ timeWindows: [{ start: 100, end: 110 }] }, optional, optional, optional], vehicle: { maxDuration: 20 } });
    const r = check(p, { routes: [{ vehicle: 0, trips: [[0]] }], unassigned: [1, 2, 3] });
    expect(r.violations).toEqual([]);
    expect(r.routes[0]!.duration).toBe(20);
    expect(r.routes[0]!.steps[0]!.departure).toBe(90);
    expect(r.violations.some((v) => v.includes('maxDuration'))).toBe(false);
  });

  it('picks the earliest time window that fits', () => {
    const p = lineProblem({ jobs: [{ timeWindows: [{ start: 0, end: 5 }, { start: 50, end: 60 }] }] });
    const r = check(p, allOnOne);
    expect(r.violations).toEqual([]);
    expect(r.routes[0]!.steps[1]!.start).toBe(50);
  });

  it('handles open routes (no start or no end location)', () => {
    const open = lineProblem({ vehicle: { start: null, end: null } });
    const r = check(open, { routes: [{ vehicle: 0, trips: [[1, 2, 3]] }], unassigned: [] });
    // j1 is missing, so look only at the route: starts at x=20, ends at x=40.
    expect(r.routes[0]!.distance).toBe(20);
    expect(r.routes[0]!.duration).toBe(20);
    expect(r.routes[0]!.steps.map((s) => s.type)).toEqual(['job', 'job', 'job']);
    const noEnd = lineProblem({ vehicle: { end: null, shift: { start: 0, end: 39 } } });
    expect(check(noEnd, allOnOne).violations.join()).toMatch(/finishes its last job at 40, after the shift end 39/);
  });

  it('accepts multi-trip routes with reload time and release dates', () => {
    const p = lineProblem({ vehicle: { maxTrips: 2, reloadTime: 5, capacity: [2, 2] }, jobs: [{}, {}, { release: 100 }, {}] });
    const r = check(p, { routes: [{ vehicle: 0, trips: [[0, 1], [2, 3]] }], unassigned: [] });
    expect(r.violations).toEqual([]);
    const reload = r.routes[0]!.steps.find((s) => s.type === 'reload')!;
    // 0 -> 10 -> 20 -> 0 is 40 of travel, then 5 of reload, then trip 2 is released at 100:
    // the start is delayed by the 55 of slack, so the vehicle leaves at 55 and waits nowhere.
    expect(r.routes[0]!.steps[0]!.departure).toBe(55);
    expect(reload.arrival).toBe(95);
    expect(reload.departure).toBe(100);
    expect(r.routes[0]!.duration).toBe(45 + 80);
    expect(r.distance).toBe(40 + 80);
  });

  it('a trip\'s reloadBefore lengthens the stay at the depot, which the start shift cannot absorb (unlike a release)', () => {
    const p = lineProblem({ vehicle: { maxTrips: 2, reloadTime: 5, capacity: [2, 2] }, jobs: [{}, {}, { reloadBefore: 60 }, {}] });
    const r = check(p, { routes: [{ vehicle: 0, trips: [[0, 1], [2, 3]] }], unassigned: [] });
    expect(r.violations).toEqual([]);
    const reload = r.routes[0]!.steps.find((s) => s.type === 'reload')!;
    // Back at 40, 60 at the depot (not the vehicle's 5), trip 2 leaves at 100; the start stays at 0.
    expect(r.routes[0]!.steps[0]!.departure).toBe(0);
    expect([reload.arrival, reload.service, reload.waiting, reload.departure]).toEqual([40, 60, 0, 100]);
    expect(r.routes[0]!.duration).toBe(180);
    // The solver plans with reloadTime only: it refuses a problem that sets reloadBefore.
    expect(() => solve(p, { maxIterations: 10 })).toThrow(/reloadBefore/);
  });
});

describe('check: every kind of violation is caught', () => {
  it('job served twice', () => {
    expect(violationsOf(lineProblem(), { routes: [{ vehicle: 0, trips: [[0, 1, 2, 3]] }, { vehicle: 1, trips: [[0]] }], unassigned: [] }).join()).toMatch(/job j1 .* already served/);
  });
  it('unknown job and unknown vehicle', () => {
    const v = violationsOf(lineProblem(), { routes: [{ vehicle: 0, trips: [[0, 1, 2, 3, 9]] }, { vehicle: 5, trips: [[0]] }], unassigned: [] });
    expect(v.join('\n')).toMatch(/unknown job index 9/);
    expect(v.join('\n')).toMatch(/unknown vehicle index 5/);
  });
  it('vehicle used by two routes', () => {
    expect(violationsOf(lineProblem(), { routes: [{ vehicle: 0, trips: [[0, 1]] }, { vehicle: 0, trips: [[2, 3]] }], unassigned: [] }).join()).toMatch(/more than one route/);
  });
  it('mandatory job unassigned, and a job neither served nor listed', () => {
    const v = violationsOf(lineProblem(), { routes: [{ vehicle: 0, trips: [[0, 1, 2]] }], unassigned: [] });
    expect(v.join('\n')).toMatch(/job j4 .* neither served nor listed/);
    expect(v.join('\n')).toMatch(/job j4 .* mandatory but not served/);
  });
  it('job both served and listed unassigned', () => {
    const p = lineProblem({ jobs: [{ optional: true, penalty: 1 }] });
    expect(violationsOf(p, { routes: [{ vehicle: 0, trips: [[0, 1, 2, 3]] }], unassigned: [0] }).join()).toMatch(/both served/);
  });
  it('allowedVehicles', () => {
    const p = lineProblem({ jobs: [{ allowedVehicles: [1] }] });
    expect(violationsOf(p, allOnOne).join()).toMatch(/job j1 .* may not be served by vehicle v0/);
  });
  it('capacity, per dimension and per trip', () => {
    const p = lineProblem({ vehicle: { capacity: [10, 3] } });
    expect(violationsOf(p, allOnOne).join()).toMatch(/load 4 exceeds capacity 3 in dimension 1/);
    const multi = lineProblem({ vehicle: { capacity: [2, 2], maxTrips: 2 } });
    expect(violationsOf(multi, { routes: [{ vehicle: 0, trips: [[0, 1, 2], [3]] }], unassigned: [] }).join()).toMatch(/trip 1: load 3 exceeds capacity 2/);
  });
  it('time window missed', () => {
    const p = lineProblem({ jobs: [{}, {}, { timeWindows: [{ start: 0, end: 25 }] }] });
    expect(violationsOf(p, allOnOne).join()).toMatch(/job j3 .* arrives at 30, after its last time window closes at 25/);
  });
  it('shift end', () => {
    const p = lineProblem({ vehicle: { shift: { start: 0, end: 79 } } });
    expect(violationsOf(p, allOnOne).join()).toMatch(/reaches its end at 80, after the shift end 79/);
  });
  it('shift start delays the departure (and can push a window out of reach)', () => {
    const p = lineProblem({ vehicle: { shift: { start: 50, end: 1000 } }, jobs: [{ timeWindows: [{ start: 0, end: 20 }] }] });
    const r = check(p, allOnOne);
    expect(r.routes[0]!.steps[0]!.departure).toBeGreaterThanOrEqual(50);
    expect(r.violations.join()).toMatch(/job j1 .* arrives at 60/);
  });
  it('maxDistance', () => {
    expect(violationsOf(lineProblem({ vehicle: { maxDistance: 79 } }), allOnOne).join()).toMatch(/distance 80 exceeds maxDistance 79/);
  });
  it('maxDuration counts service and unavoidable waiting', () => {
    const p = lineProblem({ vehicle: { maxDuration: 90 }, jobs: [{ service: 5 }, { timeWindows: [{ start: 100, end: 200 }] }, { service: 5 }] });
    // Leaving at 0 would wait 85 at j2; leaving later removes it: 80 travel + 10 service.
    expect(check(p, allOnOne).routes[0]!.duration).toBe(90);
    const tight = lineProblem({ vehicle: { maxDuration: 89 }, jobs: [{ service: 5 }, { timeWindows: [{ start: 100, end: 200 }] }, { service: 5 }] });
    expect(violationsOf(tight, allOnOne).join()).toMatch(/duration 90 exceeds maxDuration 89/);
  });
  it('waiting that cannot be removed counts in the duration', () => {
    // j1 closes at 10 (must leave at 0), j2 opens at 100: 80 of waiting stays.
    const p = lineProblem({ vehicle: { maxDuration: 100 }, jobs: [{ timeWindows: [{ start: 0, end: 10 }] }, { timeWindows: [{ start: 100, end: 200 }] }] });
    const r = check(p, allOnOne);
    expect(r.routes[0]!.duration).toBe(160);
    expect(r.violations.join()).toMatch(/duration 160 exceeds maxDuration 100/);
  });
  it('too many trips', () => {
    const p = lineProblem({ vehicle: { maxTrips: 1 } });
    expect(violationsOf(p, { routes: [{ vehicle: 0, trips: [[0, 1], [2, 3]] }], unassigned: [] }).join()).toMatch(/2 trips exceed maxTrips 1/);
  });
  it('reload time and release dates make a late trip miss its window', () => {
    const p = lineProblem({ vehicle: { maxTrips: 2, reloadTime: 30 }, jobs: [{}, {}, { timeWindows: [{ start: 0, end: 80 }] }] });
    // trip 1: 0->10->20->0 back at 40, reload till 70, j3 (x=30) at 100 > 80.
    expect(violationsOf(p, { routes: [{ vehicle: 0, trips: [[0, 1], [2, 3]] }], unassigned: [] }).join()).toMatch(/job j3 .* arrives at 100/);
    const released = lineProblem({ vehicle: { maxTrips: 1 }, jobs: [{ release: 500 }, {}, {}, { timeWindows: [{ start: 0, end: 400 }] }] });
    expect(violationsOf(released, allOnOne).join()).toMatch(/job j4 .* arrives at 540/);
  });
});

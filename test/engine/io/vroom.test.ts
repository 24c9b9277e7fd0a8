import { describe, expect, it } from 'vitest';
import { check } from '../../../src/engine/check.js';
import { ParseError } from '../../../src/engine/errors.js';
import { PRIORITY_PENALTY, readVroom, UNASSIGNED_PENALTY } from '../../../src/engine/io/vroom.js';
import { readVroomOutput, writeVroomOutput } from '../../../src/engine/io/vroom-output.js';
import { haversineMetres } from '../../../src/geo/haversine.js';

const PARIS = [2.3522, 48.8566];
const ORLY = [2.3795, 48.7262];

function coordsInput() {
  return {
    vehicles: [
      { id: 7, start: PARIS, end: PARIS, capacity: [4], skills: [1], time_window: [0, 36000], costs: { fixed: 500, per_hour: 1800, per_km: 200 } },
      { id: 8, start: PARIS, capacity: [4], speed_factor: 2 },
    ],
    jobs: [
      { id: 1, location: ORLY, service: 300, delivery: [2], skills: [1], priority: 10, time_windows: [[3600, 7200]] },
      { id: 2, location: [2.3, 48.9], amount: [1] },
    ],
  };
}

function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('readVroom', () => {
  it('maps coordinates to haversine metres and durations at the default speed', () => {
    const p = readVroom(JSON.stringify(coordsInput()), 'in.json');
    expect(p.locationCount).toBe(3); // Paris shared by both vehicles, Orly, the second job
    expect(p.metric).toBe('haversine');
    const m = p.matrices['car']!;
    const paris = p.vehicles[0]!.start!;
    const orly = p.jobs[0]!.location;
    const metres = Math.round(haversineMetres(PARIS[0]!, PARIS[1]!, ORLY[0]!, ORLY[1]!));
    expect(m.distance[paris * 3 + orly]).toBe(metres);
    expect(m.duration[paris * 3 + orly]).toBe(Math.round(metres / 10));
    // speed_factor 2 halves that vehicle's durations.
    expect(p.vehicles[1]!.profile).toBe('car*2');
    expect(p.matrices['car*2']!.duration[paris * 3 + orly]).toBe(Math.round(Math.round(metres / 10) / 2));
    expect(readVroom(coordsInput(), 'in.json', { defaultSpeed: 20 }).matrices['car']!.duration[paris * 3 + orly]).toBe(Math.round(metres / 20));
  });

  it('maps costs, windows, skills, priorities and open ends', () => {
    const p = readVroom(coordsInput(), 'in.json');
    expect(p.vehicles[0]).toMatchObject({ id: '7', fixedCost: 500, costPerTime: 0.5, costPerDistance: 0.2, shift: { start: 0, end: 36000 } });
    expect(p.vehicles[1]).toMatchObject({ id: '8', costPerTime: 1, costPerDistance: 0, end: null });
    expect(p.jobs[0]).toMatchObject({ id: '1', service: 300, demand: [2], timeWindows: [{ start: 3600, end: 7200 }], optional: true });
    expect(p.jobs[0]!.allowedVehicles).toEqual([0]);
    expect(p.jobs[1]!.allowedVehicles).toBeUndefined();
    expect(p.jobs[0]!.penalty).toBe(UNASSIGNED_PENALTY + 10 * PRIORITY_PENALTY);
    expect(p.jobs[1]!.penalty).toBe(UNASSIGNED_PENALTY);
  });

  it('uses location_index into matrices per profile', () => {
    const input = {
      vehicles: [{ id: 1, start_index: 0, end_index: 0, profile: 'bike', capacity: [5, 5] }],
      jobs: [
        { id: 10, location_index: 1, delivery: [1, 2] },
        { id: 11, location_index: 2, delivery: [3, 0] },
      ],
      matrices: { bike: { durations: [[0, 5, 9], [5, 0, 4], [9, 4, 0]], distances: [[0, 50, 90], [50, 0, 40], [90, 40, 0]] } },
    };
    const p = readVroom(input, 'm.json');
    expect(p.dimensions).toBe(2);
    expect(p.locationCount).toBe(3);
    expect(Array.from(p.matrices['bike']!.distance)).toEqual([0, 50, 90, 50, 0, 40, 90, 40, 0]);
    const r = check(p, { routes: [{ vehicle: 0, trips: [[0, 1]] }], unassigned: [] });
    expect(r.feasible).toBe(true);
    expect(r.cost.total).toBe(18); // per_hour 3600 default: cost = travel seconds 5 + 4 + 9
    expect(r.distance).toBe(180);
  });

  it('reads the legacy top-level matrix as durations of the car profile', () => {
    const p = readVroom({ vehicles: [{ id: 1, start_index: 0 }], jobs: [{ id: 1, location_index: 1 }], matrix: [[0, 3], [3, 0]] }, 'l.json');
    expect(Array.from(p.matrices['car']!.duration)).toEqual([0, 3, 3, 0]);
  });

  it.each([
    ['shipments', { shipments: [] }, 'shipments'],
    ['breaks', { vehicles: [{ id: 1, start: PARIS, breaks: [] }] }, 'vehicles[0].breaks'],
    ['steps', { vehicles: [{ id: 1, start: PARIS, steps: [] }] }, 'vehicles[0].steps'],
    ['pickup', { jobs: [{ id: 1, location: ORLY, pickup: [1] }] }, 'jobs[0].pickup'],
    ['an unknown job field', { jobs: [{ id: 1, location: ORLY, colour: 'red' }] }, 'jobs[0].colour'],
    ['matrix costs', { vehicles: [{ id: 1, start_index: 0 }], jobs: [{ id: 1, location_index: 0 }], matrices: { car: { durations: [[0]], costs: [[0]] } } }, 'matrices.car.costs'],
  ])('rejects %s by name', (_what, patch, field) => {
    const input = { ...coordsInput(), ...patch };
    const e = parseError(() => readVroom(input, 'x.json'));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(new RegExp(`^x\\.json: ${field.replace(/[[\].]/g, '\\$&')}: unsupported field`));
  });

  it('rejects bad values naming the field', () => {
    const bad = coordsInput();
    (bad.jobs[0] as Record<string, unknown>)['time_windows'] = [[7200, 3600]];
    expect(parseError(() => readVroom(bad, 'x.json')).message).toBe('x.json: jobs[0].time_windows[0]: window ends before it starts: [7200, 3600]');
    const dims = coordsInput();
    dims.jobs[1]!.amount = [1, 1];
    expect(parseError(() => readVroom(dims, 'x.json')).field).toBe('jobs[0].delivery');
    const mixed = { vehicles: [{ id: 1, start_index: 0 }], jobs: [{ id: 1, location: ORLY }], matrix: [[0]] };
    expect(parseError(() => readVroom(mixed, 'x.json')).message).toBe('x.json: jobs[0].location_index: missing field (required when a matrix is given)');
    expect(parseError(() => readVroom('{"jobs": [', 'x.json')).field).toBe('json');
    const dup = coordsInput();
    dup.jobs[1]!.id = 1;
    expect(parseError(() => readVroom(dup, 'x.json')).message).toBe('x.json: jobs[1].id: duplicate job id 1');
  });
});

describe('VROOM output', () => {
  it('writes the checker schedule and reads back the same solution', () => {
    const p = readVroom(coordsInput(), 'in.json');
    const solution = { routes: [{ vehicle: 0, trips: [[0]] }, { vehicle: 1, trips: [[1]] }], unassigned: [] };
    const checked = check(p, solution);
    expect(checked.violations).toEqual([]);
    const out = writeVroomOutput(p, checked);
    expect(out.code).toBe(0);
    expect(out.summary.cost).toBe(checked.cost.total);
    expect(out.summary.cost).toBe(out.routes[0]!.cost + out.routes[1]!.cost);
    expect(out.summary.routes).toBe(2);
    expect(out.summary.delivery).toEqual([3]);
    expect(out.routes[0]!.vehicle).toBe(7);
    expect(out.routes[0]!.steps.map((s) => s.type)).toEqual(['start', 'job', 'end']);
    const job = out.routes[0]!.steps[1]!;
    expect(job).toMatchObject({ id: 1, service: 300, load: [0], location: ORLY });
    expect(job.arrival + job.waiting_time).toBeGreaterThanOrEqual(3600);
    expect(out.routes[1]!.steps.map((s) => s.type)).toEqual(['start', 'job']); // open end
    const back = readVroomOutput(JSON.stringify(out), 'out.json', p);
    expect(back.unknown).toEqual([]);
    expect(back.solution).toEqual(solution);
  });

  it('lists ids the problem does not know instead of dropping them silently', () => {
    const p = readVroom(coordsInput(), 'in.json');
    const back = readVroomOutput({ routes: [{ vehicle: 7, steps: [{ type: 'job', id: 99 }] }, { vehicle: 3, steps: [] }], unassigned: [{ id: 1 }] }, 'o.json', p);
    expect(back.unknown).toEqual(['routes[0].steps[0]: unknown job id 99', 'routes[1]: unknown vehicle id 3']);
    expect(back.solution.unassigned).toEqual([0]);
  });

  it('reports unassigned jobs without their penalty in the summary cost, as VROOM does', () => {
    const p = readVroom(coordsInput(), 'in.json');
    const checked = check(p, { routes: [{ vehicle: 1, trips: [[1]] }], unassigned: [0] });
    expect(checked.cost.penalty).toBe(UNASSIGNED_PENALTY + 10 * PRIORITY_PENALTY);
    const out = writeVroomOutput(p, checked);
    expect(out.summary.cost).toBe(out.routes[0]!.cost);
    expect(out.summary.unassigned).toBe(1);
    expect(out.unassigned).toEqual([{ id: 1, location: ORLY, location_index: p.jobs[0]!.location, type: 'job' }]);
  });
});

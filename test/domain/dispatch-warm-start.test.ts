import { describe, expect, it } from 'vitest';
import { warmStartSolution } from '../../src/domain/dispatch-warm-start.js';
import type { Job, Problem, Vehicle } from '../../src/engine/model.js';
import type { StopRow } from '../../src/store/index.js';

const vehicle = (id: string, maxTrips = 1): Vehicle =>
  ({ id, profile: 'van', start: 0, end: 0, capacity: [10_000, 10], shift: { start: 0, end: 36_000 }, fixedCost: 0, costPerDistance: 1, costPerTime: 0, maxDistance: Infinity, maxDuration: Infinity, maxTrips, reloadTime: 0 }) as Vehicle;
const job = (id: string, location: number, allowedVehicles?: number[]): Job =>
  ({ id, location, demand: [1, 1], service: 60, timeWindows: [], release: 0, optional: true, penalty: 1e6, ...(allowedVehicles ? { allowedVehicles } : {}) }) as Job;

function problem(jobs: Job[], vehicles: Vehicle[]): Problem {
  return { name: 't', dimensions: 2, locationCount: jobs.length + 1, matrices: {}, depots: [0], jobs, vehicles };
}

let seq = 0;
const stop = (routeId: string, kind: string, orderId: string | null, tripNo = 1): StopRow => ({
  id: `stp_${++seq}`, routeId, tripNo, seq, kind, orderId, lon: 0, lat: 0, plannedArrival: null, eta: null, arrivedAt: null, departedAt: null, state: 'planned',
});

describe('warm start of a dispatch round from the previous plan', () => {
  it('maps the previous routes to the new job and vehicle indices, in stop order, leaving new jobs unassigned', () => {
    const p = problem([job('ord_a', 1), job('ord_b', 2), job('ord_new', 3), job('ord_c', 4)], [vehicle('van_1'), vehicle('van_2')]);
    const s = warmStartSolution(p, [
      { vehicleId: 'van_2', stops: [stop('r1', 'depart', null), stop('r1', 'delivery', 'ord_c'), stop('r1', 'delivery', 'ord_a'), stop('r1', 'return', null)] },
      { vehicleId: 'van_1', stops: [stop('r2', 'depart', null), stop('r2', 'delivery', 'ord_b'), stop('r2', 'delivery', 'ord_gone'), stop('r2', 'return', null)] },
    ]);
    expect(s).toEqual({ routes: [{ vehicle: 0, trips: [[1]] }, { vehicle: 1, trips: [[3, 0]] }], unassigned: [2] });
  });

  it('drops vehicles no longer in the round, jobs a vehicle may not take, and repeated jobs; keeps drone trips apart', () => {
    const p = problem([job('ord_a', 1, [1]), job('ord_b', 2), job('ord_c', 3)], [vehicle('van_1'), vehicle('drn_1', 10)]);
    const s = warmStartSolution(p, [
      { vehicleId: 'van_gone', stops: [stop('r0', 'delivery', 'ord_b')] },
      { vehicleId: 'van_1', stops: [stop('r1', 'delivery', 'ord_a'), stop('r1', 'delivery', 'ord_c')] },
      { vehicleId: 'drn_1', stops: [stop('r2', 'depart', null), stop('r2', 'delivery', 'ord_a', 1), stop('r2', 'reload', null, 2), stop('r2', 'delivery', 'ord_c', 2)] },
    ]);
    expect(s).toEqual({ routes: [{ vehicle: 0, trips: [[2]] }, { vehicle: 1, trips: [[0]] }], unassigned: [1] });
  });

  it('a van whose stored stops span several trip numbers gets one trip; nothing carried over gives no warm start', () => {
    const p = problem([job('ord_a', 1), job('ord_b', 2)], [vehicle('van_1')]);
    expect(warmStartSolution(p, [{ vehicleId: 'van_1', stops: [stop('r1', 'delivery', 'ord_a', 1), stop('r1', 'delivery', 'ord_b', 2)] }])).toEqual({ routes: [{ vehicle: 0, trips: [[0, 1]] }], unassigned: [] });
    expect(warmStartSolution(p, [{ vehicleId: 'van_1', stops: [stop('r1', 'delivery', 'ord_x')] }])).toBeUndefined();
    expect(warmStartSolution(p, [])).toBeUndefined();
  });
});

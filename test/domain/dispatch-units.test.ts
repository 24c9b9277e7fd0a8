// Pure parts of dispatch and tracking: shifts from opening hours, the problem builder, the
// checker-driven repair, and ETAs against hand-computed figures.
import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.js';
import { buildDispatchProblem, nextShift, UNSERVED_PENALTY } from '../../src/domain/dispatch-problem.js';
import { repairSolution } from '../../src/domain/dispatch-repair.js';
import { betweenDropsOf, droneBatteryOf, droneInputOf, plannableDrones } from '../../src/domain/dispatch-drones.js';
import type { DroneUnit } from '../../src/domain/drone-fleet.js';
import { demoDroneProfile } from '../../src/demo/drones.js';
import type { VehicleRow } from '../../src/store/index.js';
import { computeEtas } from '../../src/domain/eta.js';
import { haversineMetres } from '../../src/geo/haversine.js';

const FRI_08 = Date.parse('2026-11-27T08:00:00Z') / 1000; // a Friday
const MIDNIGHT = FRI_08 - 8 * 3600;
const hours = (days: number[], open: number, close: number) => days.map((day) => ({ day, open: open * 3600, close: close * 3600 }));

describe('nextShift', () => {
  it('is today’s opening period clipped to now, else the next open day', () => {
    expect(nextShift(hours([5], 7, 21), FRI_08)).toEqual({ start: FRI_08, end: MIDNIGHT + 21 * 3600 });
    expect(nextShift(hours([5], 9, 12), FRI_08)).toEqual({ start: MIDNIGHT + 9 * 3600, end: MIDNIGHT + 12 * 3600 });
    // Closed on Friday after 07:00: Monday (day 1) is three days later.
    expect(nextShift(hours([1, 5], 5, 7), FRI_08)).toEqual({ start: MIDNIGHT + 3 * 86400 + 5 * 3600, end: MIDNIGHT + 3 * 86400 + 7 * 3600 });
    expect(nextShift([], FRI_08)).toBeNull();
  });
});

const hub = { id: 'hub_1', lon: 4.835, lat: 45.78, openingHours: hours([0, 1, 2, 3, 4, 5, 6], 7, 21) };
const settings = { vanSpeedMps: 8, serviceS: 120, droneMaxTrips: 4, droneReloadS: 300 };
const order = (id: string, dLon: number, weightG = 500, windowEnd = FRI_08 + 4 * 3600) => ({ id, lon: 4.835 + dLon, lat: 45.78, weightG, windowStart: FRI_08 + 1800, windowEnd });
const van = { id: 'veh_van', kind: 'van', capacityG: 100_000, maxParcels: 2, speedMps: 20, rangeM: 100_000, costPerKmMinor: 0, costPerHourMinor: 0 };
const drone = { id: 'veh_drone', kind: 'drone', capacityG: 2_000, maxParcels: 1, speedMps: 16, rangeM: 6_000, costPerKmMinor: 5, costPerHourMinor: 0 };

describe('buildDispatchProblem', () => {
  it('uses haversine metres, the configured van speed, windows relative to the origin, and drone range per job', () => {
    const b = buildDispatchProblem(hub, [order('ord_a', 0.01), { ...order('ord_far', 0.05), mode: 'drone' as const }, order('ord_late', 0.002, 500, FRI_08 - 60)], [van, drone], settings, FRI_08);
    const p = b.problem;
    const d = Math.round(haversineMetres(4.835, 45.78, 4.845, 45.78));
    expect(p.matrices['van@8']!.distance[1]).toBe(d);
    expect(p.matrices['van@8']!.duration[1]).toBe(Math.round(d / 8)); // the van's own 20 m/s is not used
    expect(p.matrices['drone@16']!.duration[1]).toBe(Math.round(d / 16));
    expect(p.jobs[0]).toMatchObject({ id: 'ord_a', demand: [500, 1], service: 120, timeWindows: [{ start: 1800, end: 4 * 3600 }], optional: true, penalty: UNSERVED_PENALTY });
    // A van-mode order goes to vans only.
    expect(p.jobs[0]!.allowedVehicles).toEqual([0]);
    // A drone-mode order ~3.9 km away: 7.8 km out and back exceeds the drone's 6 km, and no van may take it.
    expect(p.jobs[1]!.allowedVehicles).toEqual([]);
    expect(b.late).toEqual(['ord_late']);
    expect(p.jobs[2]!.timeWindows).toEqual([]);
    expect(p.vehicles[0]).toMatchObject({ capacity: [100_000, 2], shift: { start: 0, end: 13 * 3600 }, maxTrips: 1, costPerDistance: 0.001, maxDistance: 100_000 });
    expect(p.vehicles[1]).toMatchObject({ capacity: [2_000, 1], maxTrips: 4, reloadTime: 300, costPerDistance: 0.005 });
  });

  it('gives a profiled drone its sortie legs, one parcel per trip within its payload, and only the drone orders it is eligible for', () => {
    const droneP = { ...drone, id: 'veh_p', maxParcels: 5, capacityG: 9_000, drone: { specId: 'vty_wing_like', payloadG: 1_200, reloadS: 420 } };
    const legs = { vty_wing_like: { outS: 200, backS: 260, distanceM: 2_100 } };
    const orders = [
      { ...order('ord_d', 0.01), mode: 'drone' as const, droneVehicleIds: ['veh_p'], droneLegs: legs },
      { ...order('ord_other', 0.01), mode: 'drone' as const, droneVehicleIds: ['veh_drone'], droneLegs: legs },
      order('ord_v', 0.01),
      { ...order('ord_stag', 0.01), mode: 'drone' as const, droneVehicleIds: ['veh_p'], droneLegs: legs, launchNotBefore: FRI_08 + 5000 },
    ];
    const p = buildDispatchProblem(hub, orders, [van, droneP, drone], settings, FRI_08).problem;
    const m = p.matrices['drone:vty_wing_like']!;
    expect([m.duration[1], m.duration[1 * p.locationCount], m.distance[1], m.distance[1 * p.locationCount]]).toEqual([200, 260, 1050, 1050]);
    expect(p.vehicles[1]).toMatchObject({ profile: 'drone:vty_wing_like', capacity: [1_200, 1], reloadTime: 420 });
    expect(p.jobs[0]!.allowedVehicles).toEqual([1]);
    // Eligible only on the other drone (which is in range): never the profiled one, never the van.
    expect(p.jobs[1]!.allowedVehicles).toEqual([2]);
    expect(p.jobs[2]!.allowedVehicles).toEqual([0]);
    // It leaves to arrive at the window start (it cannot wait at the drop); hover is in the back leg.
    expect(p.jobs[0]).toMatchObject({ service: 0, release: 1800 - 200 });
    expect(p.jobs[3]!.release).toBe(5000);
  });
});

describe('repairSolution', () => {
  it('splits an overfull drone trip into trips and moves what does not fit to another vehicle', async () => {
    const d = (o: ReturnType<typeof order>) => ({ ...o, mode: 'drone' as const });
    const orders = [d(order('o1', 0.01)), d(order('o2', 0.012)), d(order('o3', -0.01)), d(order('o4', 0.008)), order('o5', -0.012), order('o6', 0.011)];
    const { problem } = buildDispatchProblem(hub, orders, [van, drone], settings, FRI_08);
    const bad = { routes: [{ vehicle: 1, trips: [[0, 1, 2, 3, 4, 5]] }], unassigned: [] };
    expect(check(problem, bad).feasible).toBe(false);
    const { solution, dropped } = await repairSolution(problem, bad);
    const result = check(problem, solution);
    expect(result.violations).toEqual([]);
    // The drone makes its 4 allowed trips of one parcel each; the van takes the other two.
    expect(solution.routes.find((r) => r.vehicle === 1)!.trips).toEqual([[0], [1], [2], [3]]);
    expect(solution.routes.find((r) => r.vehicle === 0)!.trips.flat().sort()).toEqual([4, 5]);
    expect(dropped).toEqual([]);
    expect(solution.unassigned).toEqual([]);
  });
});

describe('computeEtas', () => {
  const stop = (id: string, kind: string, dLon: number, extra: Record<string, unknown> = {}) => ({ id, kind, lon: 4.835 + dLon, lat: 45.78, state: 'planned', arrivedAt: null, plannedArrival: null, ...extra });
  const leg = (a: number, b: number) => haversineMetres(4.835 + a, 45.78, 4.835 + b, 45.78);

  it('drives from the reported position, waits for windows, serves, and skips finished stops', () => {
    const stops = [
      stop('s0', 'depart', 0, { plannedArrival: FRI_08 }),
      stop('s1', 'delivery', 0.01, { state: 'done' }),
      stop('s2', 'delivery', 0.02, { windowStart: FRI_08 + 3600 }),
      stop('s3', 'delivery', 0.03),
      stop('s4', 'return', 0),
    ];
    const etas = computeEtas({ now: FRI_08, position: { lon: 4.835 + 0.01, lat: 45.78 }, speedMps: 10, serviceS: 100, stops });
    const t2 = FRI_08 + leg(0.01, 0.02) / 10;
    const t3 = FRI_08 + 3600 + 100 + leg(0.02, 0.03) / 10; // waited for s2's window
    const t4 = t3 + 100 + leg(0.03, 0) / 10;
    expect(etas).toEqual([
      { id: 's2', eta: Math.round(t2) },
      { id: 's3', eta: Math.round(t3) },
      { id: 's4', eta: Math.round(t4) },
    ]);
  });

  it('a vehicle standing at a stop finishes its service there first; without a position the route leaves as planned', () => {
    const stops = [stop('s0', 'depart', 0, { plannedArrival: FRI_08 + 600 }), stop('s1', 'delivery', 0.01), stop('s2', 'delivery', 0.02)];
    const atStop = computeEtas({ now: FRI_08, position: null, speedMps: 10, serviceS: 100, stops: [stops[0]!, { ...stops[1]!, state: 'arrived', arrivedAt: FRI_08 - 30 }, stops[2]!] });
    expect(atStop).toEqual([{ id: 's2', eta: Math.round(FRI_08 + 70 + leg(0.01, 0.02) / 10) }]);
    const notLeft = computeEtas({ now: FRI_08, position: null, speedMps: 10, serviceS: 100, stops });
    expect(notLeft[0]).toEqual({ id: 's0', eta: FRI_08 + 600 });
    expect(notLeft[1]).toEqual({ id: 's1', eta: Math.round(FRI_08 + 600 + leg(0, 0.01) / 10) });
  });
});

describe('repairSolution effort', () => {
  it('places unassigned jobs the solver left out, within a bounded number of checks', async () => {
    const orders = [order('o1', 0.01), order('o2', -0.01), order('o3', 0.005)];
    const { problem } = buildDispatchProblem(hub, orders, [van], settings, FRI_08);
    const lazy = { routes: [], unassigned: [0, 1, 2] };
    const placed = await repairSolution(problem, lazy);
    expect(check(problem, placed.solution).violations).toEqual([]);
    expect(placed.inserted).toBe(2); // the van carries two parcels
    expect(placed.solution.unassigned).toHaveLength(1);
    const capped = await repairSolution(problem, lazy, 0);
    expect([capped.inserted, capped.solution.unassigned]).toEqual([0, [0, 1, 2]]);
  });
});

describe('plannableDrones', () => {
  const row = (id: string, status: string, batteryPct: number | null) => ({ id, status, batteryPct });
  const unit = (id: string, status: string, batteryPct: number | null, cycles = 0): DroneUnit => {
    const profile = { ...demoDroneProfile(id, 1, FRI_08), cycles };
    return { vehicle: { id, status, batteryPct } as VehicleRow, profile, spec: profile.spec as DroneUnit['spec'], bay: { lengthMm: 1, widthMm: 1, heightMm: 1 } };
  };
  it('plans only profiled drones in service, not due for inspection, with enough battery', () => {
    const rows = [row('a', 'idle', null), row('b', 'idle', 29), row('c', 'idle', 30), row('d', 'maintenance', 90), row('e', 'offline', 90), row('f', 'idle', 90), row('g', 'charging', 80)];
    const units = [unit('a', 'idle', null), unit('b', 'idle', 29), unit('c', 'idle', 30), unit('d', 'maintenance', 90), unit('e', 'offline', 90), unit('f', 'idle', 90, 200), unit('g', 'charging', 80)];
    const r = plannableDrones([...rows, row('h', 'idle', 100)], units, FRI_08, 30);
    expect(r.usable.map((u) => u.vehicle.id)).toEqual(['a', 'c', 'g']);
    expect(r.excluded).toEqual([
      { vehicleId: 'b', reason: 'battery_low' },
      { vehicleId: 'd', reason: 'maintenance' },
      { vehicleId: 'e', reason: 'offline' },
      { vehicleId: 'f', reason: 'inspection_due' },
      { vehicleId: 'h', reason: 'no_profile' },
    ]);
    // The engine sees its type, payload in grams, the battery swap between sorties and its battery.
    expect(droneInputOf(units[0]!)).toEqual({
      specId: 'vty_wing_like', payloadG: Math.round(units[0]!.spec.maxPayloadKg * 1000), reloadS: units[0]!.spec.turnaroundSeconds,
      energy: droneBatteryOf(units[0]!.spec), betweenDrops: betweenDropsOf(units[0]!.spec),
    });
  });
});

// Warm start of a dispatch round: the previous plan's routes that the round re-plans (not
// started), written in the new problem's job and vehicle indices, for the engine to complete
// (insert the jobs missing from it), educate and keep as its first individual — so a round that
// mostly adds a few orders to an existing plan can be solved well with a small budget. Pure.
import type { Problem, Route, Solution } from '../engine/model.js';
import type { StopRow } from '../store/index.js';

export interface PreviousRoute {
  vehicleId: string;
  stops: readonly StopRow[];
}

/**
 * The previous routes as a Solution of `problem`: each route on its vehicle's new index, trips in
 * stop order, keeping only deliveries of jobs still in the problem that the vehicle may take (each
 * job once). Jobs not placed are unassigned. Undefined when nothing of the previous plan carries over.
 */
export function warmStartSolution(problem: Problem, previous: readonly PreviousRoute[]): Solution | undefined {
  const jobOf = new Map(problem.jobs.map((j, k) => [j.id, k]));
  const vehicleOf = new Map(problem.vehicles.map((v, i) => [v.id, i]));
  const placed = new Set<number>();
  const routes: Route[] = [];
  for (const r of previous) {
    const vehicle = vehicleOf.get(r.vehicleId);
    if (vehicle === undefined || routes.some((x) => x.vehicle === vehicle)) continue;
    const trips = new Map<number, number[]>();
    for (const s of [...r.stops].sort((a, b) => a.seq - b.seq)) {
      if (s.kind !== 'delivery' || !s.orderId) continue;
      const j = jobOf.get(s.orderId);
      if (j === undefined || placed.has(j)) continue;
      const allowed = problem.jobs[j]!.allowedVehicles;
      if (allowed && !allowed.includes(vehicle)) continue;
      placed.add(j);
      const trip = trips.get(s.tripNo) ?? [];
      trip.push(j);
      trips.set(s.tripNo, trip);
    }
    const kept = [...trips.entries()].sort((a, b) => a[0] - b[0]).map(([, t]) => t);
    // A van makes one trip: its deliveries become one trip whatever the stored numbering.
    const maxTrips = problem.vehicles[vehicle]!.maxTrips;
    const shaped = kept.length > maxTrips ? [...kept.slice(0, maxTrips - 1), kept.slice(maxTrips - 1).flat()] : kept;
    if (shaped.length) routes.push({ vehicle, trips: shaped });
  }
  if (routes.length === 0) return undefined;
  routes.sort((a, b) => a.vehicle - b.vehicle);
  return { routes, unassigned: problem.jobs.map((_, j) => j).filter((j) => !placed.has(j)) };
}

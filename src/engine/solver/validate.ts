// Checks a Problem before solving so that bad input fails with one clear, machine-readable
// error instead of a crash or a silent wrong answer deep in the search.
import type { Problem } from '../model.js';

export class InvalidProblemError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'InvalidProblemError';
    this.code = code;
  }
}

export function validateProblem(p: Problem): void {
  const fail = (code: string, msg: string): never => {
    throw new InvalidProblemError(code, msg);
  };
  const L = p.locationCount;
  if (!Number.isInteger(L) || L < 0) fail('invalid_location_count', `locationCount must be a non-negative integer, got ${L}`);
  if (!Number.isInteger(p.dimensions) || p.dimensions < 0) fail('invalid_dimensions', `dimensions must be a non-negative integer, got ${p.dimensions}`);
  for (const [name, m] of Object.entries(p.matrices)) {
    if (m.distance.length !== L * L) fail('matrix_size', `profile "${name}": distance matrix has ${m.distance.length} entries, expected ${L}×${L}`);
    if (m.duration.length !== L * L) fail('matrix_size', `profile "${name}": duration matrix has ${m.duration.length} entries, expected ${L}×${L}`);
    for (let i = 0; i < m.distance.length; i++) {
      if (!(m.distance[i]! >= 0) || !(m.duration[i]! >= 0)) fail('matrix_value', `profile "${name}": entry ${i} is negative or not a number`);
    }
  }
  const loc = (where: string, x: number | null): void => {
    if (x !== null && (!Number.isInteger(x) || x < 0 || x >= L)) fail('location_out_of_range', `${where}: location ${x} is outside 0..${L - 1}`);
  };
  p.vehicles.forEach((v, k) => {
    const where = `vehicle ${v.id} (#${k})`;
    if (!p.matrices[v.profile]) fail('unknown_profile', `${where}: no matrices for profile "${v.profile}"`);
    loc(where, v.start);
    loc(where, v.end);
    if (v.capacity.length !== p.dimensions) fail('capacity_dimensions', `${where}: capacity has ${v.capacity.length} values, expected ${p.dimensions}`);
    if (!(v.shift.start <= v.shift.end)) fail('invalid_shift', `${where}: shift starts after it ends`);
    for (const [field, x] of [['fixedCost', v.fixedCost], ['costPerDistance', v.costPerDistance], ['costPerTime', v.costPerTime]] as const) {
      if (!Number.isFinite(x) || x < 0) fail('invalid_cost', `${where}: ${field} must be a finite non-negative number, got ${x}`);
    }
    if (!Number.isInteger(v.maxTrips) || v.maxTrips < 1) fail('invalid_max_trips', `${where}: maxTrips must be an integer ≥ 1, got ${v.maxTrips}`);
    if (!Number.isFinite(v.reloadTime) || v.reloadTime < 0) fail('invalid_reload_time', `${where}: reloadTime must be finite and non-negative, got ${v.reloadTime}`);
    const e = v.energy;
    if (e) {
      if (!(e.budget > 0)) fail('invalid_energy', `${where}: energy.budget must be positive, got ${e.budget}`);
      if (!Number.isFinite(e.base) || e.base < 0 || !Number.isFinite(e.perLoad) || e.perLoad < 0) {
        fail('invalid_energy', `${where}: energy.base and energy.perLoad must be finite and non-negative`);
      }
      if (!Number.isInteger(e.dimension) || e.dimension < 0 || e.dimension >= p.dimensions) {
        fail('invalid_energy', `${where}: energy.dimension ${e.dimension} is not a capacity dimension (0..${p.dimensions - 1})`);
      }
      const first = p.vehicles.find((u) => u.energy)!.energy!;
      if (e.dimension !== first.dimension) {
        // Segments carry one payload (see rules/battery.ts); base, perLoad and budget may differ per vehicle.
        fail('energy_models_differ', `${where}: all vehicles with a battery must measure the payload in one dimension (energy.dimension); base, perLoad and budget may differ`);
      }
    }
  });
  p.jobs.forEach((j, i) => {
    const where = `job ${j.id} (#${i})`;
    loc(where, j.location);
    if (j.demand.length !== p.dimensions) fail('demand_dimensions', `${where}: demand has ${j.demand.length} values, expected ${p.dimensions}`);
    if (j.demand.some((d) => !Number.isFinite(d) || d < 0)) fail('invalid_demand', `${where}: demands must be finite and non-negative`);
    if (!Number.isFinite(j.service) || j.service < 0) fail('invalid_service', `${where}: service must be finite and non-negative`);
    if (!Number.isFinite(j.release) || j.release < 0) fail('invalid_release', `${where}: release must be finite and non-negative, got ${j.release}`);
    if (j.reloadBefore !== undefined) fail('unsupported_reload_before', `${where}: reloadBefore is a checker-only constraint (set after solving); the solver plans with the vehicle's reloadTime`);
    if (j.optional && !(j.penalty >= 0)) fail('invalid_penalty', `${where}: an optional job needs a non-negative penalty`);
    let prevEnd = -Infinity;
    for (const w of j.timeWindows) {
      if (!(w.start <= w.end) || w.start < prevEnd) fail('invalid_time_windows', `${where}: time windows must be sorted, disjoint, start ≤ end`);
      prevEnd = w.end;
    }
    for (const k of j.allowedVehicles ?? []) {
      if (!Number.isInteger(k) || k < 0 || k >= p.vehicles.length) fail('unknown_vehicle', `${where}: allowedVehicles names vehicle #${k}, which does not exist`);
    }
  });
}

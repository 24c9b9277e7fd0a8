// Compiles a model `Problem` into the flat typed arrays the search reads in its hot loops.
// Matrices get one extra "virtual" location (index L, zero distance/time to and from
// everything) so open route ends (start/end null) need no special case in the search.
import type { Problem } from '../model.js';
import { planReloads } from './reloads.js';
import { validateProblem } from './validate.js';

export interface Instance {
  problem: Problem;
  /** Number of jobs. */
  n: number;
  /** Number of vehicles. */
  V: number;
  /** Matrix side: locationCount + 1 (the last index is the virtual zero location). */
  W: number;
  dims: number;
  /** Extended matrices per profile (index = profileIndex). */
  dist: Float64Array[];
  time: Float64Array[];
  profileOf: Int32Array; // per vehicle
  jobLoc: Int32Array;
  vStart: Int32Array;
  vEnd: Int32Array;
  service: Float64Array;
  /** Envelope of the job's windows (first start, last end): exact for single-window jobs. */
  twStart: Float64Array;
  twEnd: Float64Array;
  /** Some job has more than one time window (the search then uses the envelope). */
  multiWindow: boolean;
  demand: Float64Array; // n × dims
  capacity: Float64Array; // V × dims
  shiftStart: Float64Array;
  shiftEnd: Float64Array;
  fixedCost: Float64Array;
  costPerDistance: Float64Array;
  costPerTime: Float64Array;
  maxDistance: Float64Array;
  maxDuration: Float64Array;
  /** n × V allowed bitmap, or null when every job may use every vehicle. */
  allowed: Uint8Array | null;
  optional: Uint8Array;
  penalty: Float64Array;
  /** 1 when at least one vehicle can serve the job on its own route. */
  servable: Uint8Array;
  symmetric: boolean;
  /** Any time-related data present (windows, finite shifts, duration limits, time costs). */
  hasTime: boolean;
  anyTimeCost: boolean;
  /** All vehicles identical and no allowedVehicles restrictions: the giant-tour Split applies. */
  homogeneous: boolean;
  /** Sum of demands per dimension / capacity of vehicle 0 (for fleet-size estimates). */
  totalDemand: Float64Array;
  /** Jobs of the problem (0..jobCount-1); indices jobCount..n-1 are reload visits (see reloads.ts). */
  jobCount: number;
  /** Per node-job: 1 for a reload visit (a return to the start depot that ends a trip). */
  isReload: Uint8Array;
  /** Per job: earliest departure from the depot of the trip that carries it (0 for reloads). */
  release: Float64Array;
  /** Some vehicle may reload (reload visits exist). */
  hasReloads: boolean;
  /** Some job has a release date. */
  hasRelease: boolean;
  /** Per reload visit: the shared capacity of the vehicles that may use it (n × dims, 0 elsewhere). */
  reloadCapacity: Float64Array;
  /** Per vehicle: most reload visits its route may hold (maxTrips − 1). */
  maxReloads: Float64Array;
  /** Per node-job: a vehicle of the group that owns the reload visit (−1 for jobs). */
  reloadVehicle: Int32Array;
  /** Some vehicle has a battery (Vehicle.energy); then all share energyDim. */
  hasEnergy: boolean;
  /** Per vehicle: energy budget per trip (Infinity without a battery). */
  energyBudget: Float64Array;
  /** Per vehicle: draw with no payload and per unit of payload, per unit of time (0 without a battery). */
  energyBase: Float64Array;
  energyPerLoad: Float64Array;
  energyDim: number;
}

export function compileInstance(problem: Problem): Instance {
  validateProblem(problem);
  const nJobs = problem.jobs.length;
  const reloads = planReloads(problem);
  const n = nJobs + reloads.length;
  const V = problem.vehicles.length;
  const L = problem.locationCount;
  const W = L + 1;
  const dims = problem.dimensions;
  const profileNames = Object.keys(problem.matrices);
  const profileIndex = new Map(profileNames.map((p, i) => [p, i]));
  const dist: Float64Array[] = [];
  const time: Float64Array[] = [];
  let symmetric = true;
  for (const name of profileNames) {
    const m = problem.matrices[name]!;
    const d = extend(m.distance, L);
    const t = m.duration === m.distance ? d : extend(m.duration, L);
    dist.push(d);
    time.push(t);
    if (symmetric && (!isSymmetric(d, W) || !isSymmetric(t, W))) symmetric = false;
  }
  const profileOf = new Int32Array(V);
  const vStart = new Int32Array(V);
  const vEnd = new Int32Array(V);
  const capacity = new Float64Array(V * dims);
  const shiftStart = new Float64Array(V);
  const shiftEnd = new Float64Array(V);
  const fixedCost = new Float64Array(V);
  const costPerDistance = new Float64Array(V);
  const costPerTime = new Float64Array(V);
  const maxDistance = new Float64Array(V);
  const maxDuration = new Float64Array(V);
  problem.vehicles.forEach((v, k) => {
    const p = profileIndex.get(v.profile);
    if (p === undefined) throw new Error(`vehicle ${v.id}: unknown profile "${v.profile}"`);
    profileOf[k] = p;
    vStart[k] = v.start ?? L;
    vEnd[k] = v.end ?? L;
    for (let d = 0; d < dims; d++) capacity[k * dims + d] = v.capacity[d] ?? 0;
    shiftStart[k] = v.shift.start;
    shiftEnd[k] = v.shift.end;
    fixedCost[k] = v.fixedCost;
    costPerDistance[k] = v.costPerDistance;
    costPerTime[k] = v.costPerTime;
    maxDistance[k] = v.maxDistance;
    maxDuration[k] = v.maxDuration;
  });
  const jobLoc = new Int32Array(n);
  const service = new Float64Array(n);
  const twStart = new Float64Array(n);
  const twEnd = new Float64Array(n);
  const demand = new Float64Array(n * dims);
  const optional = new Uint8Array(n);
  const penalty = new Float64Array(n);
  const totalDemand = new Float64Array(dims);
  let multiWindow = false;
  let anyRestriction = false;
  let anyWindow = false;
  const isReload = new Uint8Array(n);
  const reloadVehicle = new Int32Array(n).fill(-1);
  const release = new Float64Array(n);
  const reloadCapacity = new Float64Array(n * dims);
  let hasRelease = false;
  problem.jobs.forEach((j, i) => {
    release[i] = j.release;
    if (j.release > 0) hasRelease = true;
    jobLoc[i] = j.location;
    service[i] = j.service;
    if (j.timeWindows.length === 0) {
      twStart[i] = -Infinity;
      twEnd[i] = Infinity;
    } else {
      anyWindow = true;
      twStart[i] = j.timeWindows[0]!.start;
      twEnd[i] = j.timeWindows[j.timeWindows.length - 1]!.end;
      if (j.timeWindows.length > 1) multiWindow = true;
    }
    for (let d = 0; d < dims; d++) {
      demand[i * dims + d] = j.demand[d] ?? 0;
      totalDemand[d]! += j.demand[d] ?? 0;
    }
    optional[i] = j.optional ? 1 : 0;
    penalty[i] = j.penalty;
    if (j.allowedVehicles !== undefined) anyRestriction = true;
  });
  // Reload visits: optional with no penalty, at their group's depot, serviced for the reload time.
  reloads.forEach((g, r) => {
    const i = nJobs + r;
    isReload[i] = 1;
    reloadVehicle[i] = g.vehicles[0]!;
    jobLoc[i] = g.depot;
    service[i] = g.reloadTime;
    twStart[i] = -Infinity;
    twEnd[i] = Infinity;
    optional[i] = 1;
    for (let d = 0; d < dims; d++) reloadCapacity[i * dims + d] = g.capacity[d] ?? 0;
    if (g.vehicles.length < V) anyRestriction = true;
  });
  let allowed: Uint8Array | null = null;
  if (anyRestriction) {
    allowed = new Uint8Array(n * V);
    problem.jobs.forEach((j, i) => {
      if (j.allowedVehicles === undefined) allowed!.fill(1, i * V, (i + 1) * V);
      else for (const k of j.allowedVehicles) if (k >= 0 && k < V) allowed![i * V + k] = 1;
    });
    reloads.forEach((g, r) => {
      for (const k of g.vehicles) allowed![(nJobs + r) * V + k] = 1;
    });
  }
  const maxReloads = Float64Array.from(problem.vehicles, (v) => Math.max(0, v.maxTrips - 1));
  const energyBudget = Float64Array.from(problem.vehicles, (v) => v.energy?.budget ?? Infinity);
  const model = problem.vehicles.find((v) => v.energy)?.energy;
  let anyTimeCost = false;
  let anyShift = false;
  let anyMaxDur = false;
  for (let k = 0; k < V; k++) {
    if (costPerTime[k]! !== 0) anyTimeCost = true;
    // A shift constrains only through its end (departure earlier than its start is never needed without windows).
    if (Number.isFinite(shiftEnd[k]!)) anyShift = true;
    if (Number.isFinite(maxDuration[k]!)) anyMaxDur = true;
  }
  const inst: Instance = {
    problem, n, V, W, dims, dist, time, profileOf, jobLoc, vStart, vEnd, service, twStart, twEnd,
    multiWindow, demand, capacity, shiftStart, shiftEnd, fixedCost, costPerDistance, costPerTime,
    maxDistance, maxDuration, allowed, optional, penalty, servable: new Uint8Array(n), symmetric,
    hasTime: anyWindow || anyShift || anyMaxDur, anyTimeCost, homogeneous: !anyRestriction && allVehiclesAlike(problem),
    totalDemand, jobCount: nJobs, isReload, release, hasReloads: reloads.length > 0, hasRelease, reloadCapacity, maxReloads,
    reloadVehicle, hasEnergy: model !== undefined, energyBudget,
    energyBase: Float64Array.from(problem.vehicles, (v) => v.energy?.base ?? 0),
    energyPerLoad: Float64Array.from(problem.vehicles, (v) => v.energy?.perLoad ?? 0),
    energyDim: model?.dimension ?? 0,
  };
  // Release dates constrain through the time rule.
  if (hasRelease) inst.hasTime = true;
  markServable(inst);
  return inst;
}

function extend(m: Float64Array, L: number): Float64Array {
  const W = L + 1;
  const out = new Float64Array(W * W);
  for (let i = 0; i < L; i++) out.set(m.subarray(i * L, (i + 1) * L), i * W);
  return out;
}

function isSymmetric(m: Float64Array, W: number): boolean {
  for (let i = 0; i < W; i++) for (let j = i + 1; j < W; j++) if (m[i * W + j] !== m[j * W + i]) return false;
  return true;
}

function allVehiclesAlike(problem: Problem): boolean {
  const [a, ...rest] = problem.vehicles;
  if (!a) return true;
  return rest.every(
    (b) =>
      b.profile === a.profile && b.start === a.start && b.end === a.end && b.shift.start === a.shift.start &&
      b.shift.end === a.shift.end && b.fixedCost === a.fixedCost && b.costPerDistance === a.costPerDistance &&
      b.costPerTime === a.costPerTime && b.maxDistance === a.maxDistance && b.maxDuration === a.maxDuration &&
      b.maxTrips === a.maxTrips && b.reloadTime === a.reloadTime && b.energy?.budget === a.energy?.budget &&
      b.energy?.base === a.energy?.base && b.energy?.perLoad === a.energy?.perLoad &&
      b.capacity.length === a.capacity.length && b.capacity.every((c, d) => c === a.capacity[d]),
  );
}

/** A job is servable when some allowed vehicle could serve it alone: load, window, shift, limits. */
function markServable(inst: Instance): void {
  const { n, V, dims } = inst;
  for (let i = 0; i < n; i++) {
    if (inst.isReload[i]) {
      inst.servable[i] = 1;
      continue;
    }
    for (let k = 0; k < V && !inst.servable[i]; k++) {
      if (inst.allowed && !inst.allowed[i * V + k]) continue;
      let fits = true;
      for (let d = 0; d < dims; d++) if (inst.demand[i * dims + d]! > inst.capacity[k * dims + d]!) fits = false;
      if (!fits) continue;
      const D = inst.dist[inst.profileOf[k]!]!;
      const T = inst.time[inst.profileOf[k]!]!;
      const W = inst.W;
      const s = inst.vStart[k]!;
      const e = inst.vEnd[k]!;
      const l = inst.jobLoc[i]!;
      const dist = D[s * W + l]! + D[l * W + e]!;
      if (dist > inst.maxDistance[k]!) continue;
      const arrive = Math.max(inst.shiftStart[k]!, inst.release[i]!) + T[s * W + l]!;
      if (!windowReachable(inst, i, arrive, inst.shiftEnd[k]! - T[l * W + e]! - inst.service[i]!)) continue;
      const dur = T[s * W + l]! + inst.service[i]! + T[l * W + e]!;
      if (dur > inst.maxDuration[k]!) continue;
      const payload = inst.hasEnergy ? inst.demand[i * dims + inst.energyDim]! : 0;
      const energy = T[s * W + l]! * (inst.energyPerLoad[k]! * payload + inst.energyBase[k]!) + T[l * W + e]! * inst.energyBase[k]!;
      if (energy > inst.energyBudget[k]!) continue;
      inst.servable[i] = 1;
    }
  }
}

/** Can service start in one of the job's windows at or after `arrive` and no later than `latest`? */
function windowReachable(inst: Instance, job: number, arrive: number, latest: number): boolean {
  const tws = inst.problem.jobs[job]!.timeWindows;
  if (tws.length === 0) return arrive <= latest;
  for (const w of tws) {
    const start = Math.max(arrive, w.start);
    if (start <= w.end && start <= latest) return true;
  }
  return false;
}

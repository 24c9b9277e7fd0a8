// The independent solution checker: recomputes feasibility, schedule and cost of a Solution
// from the Problem alone. It shares no code with the solver on purpose, so that tests and
// benchmarks never trust the solver's own bookkeeping. Pure: no I/O, no clock.
import type { CostBreakdown, Problem, Solution } from './model.js';

/** Times are compared with this tolerance so that sums of decimals do not flag false lateness. */
const EPS = 1e-6;

export type StepType = 'start' | 'job' | 'reload' | 'end';

/** One stop of a checked route. Cumulative fields count from the route start. */
export interface ScheduledStep {
  type: StepType;
  /** Job index for 'job' steps. */
  job?: number;
  location: number;
  arrival: number;
  /** Service start (after waiting); for depots, the departure after reload/release waits. */
  start: number;
  departure: number;
  waiting: number;
  service: number;
  /** Load on board when leaving the step, per dimension. */
  load: number[];
  /** Cumulative distance and travel duration on arrival. */
  distance: number;
  travelTime: number;
}

export interface RouteSchedule {
  vehicle: number;
  steps: ScheduledStep[];
  trips: number;
  distance: number;
  travelTime: number;
  service: number;
  waiting: number;
  /** From leaving the start (delayed as late as the windows allow) to reaching the end. */
  duration: number;
  /** fixed + distance + time cost of this route. */
  cost: number;
}

export interface CheckResult {
  feasible: boolean;
  violations: string[];
  cost: CostBreakdown;
  distance: number;
  /** Total travel time over all routes. */
  travelTime: number;
  /** Sum of route durations (travel, service, waiting). */
  duration: number;
  routes: RouteSchedule[];
  unassigned: number[];
  vehiclesUsed: number;
}

export function check(problem: Problem, solution: Solution): CheckResult {
  const violations: string[] = [];
  const jobs = problem.jobs;
  const servedBy = new Int32Array(jobs.length).fill(-1);
  const usedVehicle = new Uint8Array(problem.vehicles.length);
  const cost: CostBreakdown = { fixed: 0, distance: 0, time: 0, penalty: 0, total: 0 };
  const routes: RouteSchedule[] = [];
  const jobName = (j: number) => `job ${jobs[j]!.id} (#${j})`;

  for (const [r, route] of solution.routes.entries()) {
    const v = route.vehicle;
    const vehicle = Number.isInteger(v) ? problem.vehicles[v] : undefined;
    if (!vehicle) {
      violations.push(`route ${r}: unknown vehicle index ${v}`);
      continue;
    }
    const vName = `route ${r} (vehicle ${vehicle.id})`;
    if (usedVehicle[v]) violations.push(`${vName}: vehicle used by more than one route`);
    usedVehicle[v] = 1;

    // Validate job references first; the schedule is computed over the valid ones only.
    const trips: number[][] = [];
    for (const [t, trip] of route.trips.entries()) {
      const valid: number[] = [];
      for (const j of trip) {
        if (!Number.isInteger(j) || j < 0 || j >= jobs.length) {
          violations.push(`${vName} trip ${t + 1}: unknown job index ${j}`);
          continue;
        }
        if (servedBy[j]! >= 0) violations.push(`${vName}: ${jobName(j)} already served by route ${servedBy[j]}`);
        servedBy[j] = r;
        const allowed = jobs[j]!.allowedVehicles;
        if (allowed && !allowed.includes(v)) violations.push(`${vName}: ${jobName(j)} may not be served by vehicle ${vehicle.id}`);
        valid.push(j);
      }
      if (valid.length > 0) trips.push(valid);
    }
    if (trips.length === 0) continue; // an empty route is an unused vehicle

    const schedule = scheduleRoute(problem, v, trips, vName, violations);
    routes.push(schedule);
    cost.fixed += vehicle.fixedCost;
    cost.distance += vehicle.costPerDistance * schedule.distance;
    cost.time += vehicle.costPerTime * schedule.travelTime;
  }

  // Assignment: each job served once or listed unassigned; mandatory jobs must be served.
  const listed = new Uint8Array(jobs.length);
  const unassigned: number[] = [];
  for (const j of solution.unassigned) {
    if (!Number.isInteger(j) || j < 0 || j >= jobs.length) {
      violations.push(`unassigned list: unknown job index ${j}`);
      continue;
    }
    if (listed[j]) violations.push(`unassigned list: ${jobName(j)} listed twice`);
    listed[j] = 1;
    if (servedBy[j]! >= 0) violations.push(`${jobName(j)} is both served (route ${servedBy[j]}) and listed unassigned`);
  }
  for (let j = 0; j < jobs.length; j++) {
    if (servedBy[j]! >= 0) continue;
    const job = jobs[j]!;
    if (!listed[j]) violations.push(`${jobName(j)} is neither served nor listed unassigned`);
    if (!job.optional) violations.push(`${jobName(j)} is mandatory but not served`);
    else cost.penalty += job.penalty;
    unassigned.push(j);
  }

  cost.total = cost.fixed + cost.distance + cost.time + cost.penalty;
  let distance = 0;
  let travelTime = 0;
  let duration = 0;
  for (const s of routes) {
    distance += s.distance;
    travelTime += s.travelTime;
    duration += s.duration;
  }
  return { feasible: violations.length === 0, violations, cost, distance, travelTime, duration, routes, unassigned, vehiclesUsed: routes.length };
}

/**
 * Battery: recompute each trip's energy leg by leg, t·(perLoad·m + base) with m the payload on board
 * (the trip's load in the energy dimension, less what has been dropped), from the depot (or the
 * first job for an open start) back to the depot (or the end; nothing after an open end).
 */
function checkEnergy(problem: Problem, v: number, trips: number[][], dur: Float64Array, n: number, vName: string, violations: string[]): void {
  const vehicle = problem.vehicles[v]!;
  const e = vehicle.energy!;
  for (const [t, trip] of trips.entries()) {
    let payload = 0;
    for (const j of trip) payload += problem.jobs[j]!.demand[e.dimension] ?? 0;
    let here = t === 0 ? vehicle.start : vehicle.start!;
    let energy = 0;
    const fly = (to: number): void => {
      if (here !== null) energy += dur[here * n + to]! * (e.perLoad * payload + e.base);
      here = to;
    };
    for (const j of trip) {
      fly(problem.jobs[j]!.location);
      payload -= problem.jobs[j]!.demand[e.dimension] ?? 0;
    }
    payload = 0;
    const back = t < trips.length - 1 ? vehicle.start : vehicle.end;
    if (back !== null) fly(back);
    if (energy > e.budget * (1 + 1e-9) + EPS) violations.push(`${vName} trip ${t + 1}: energy ${fmt(energy)} exceeds the battery budget ${fmt(e.budget)}`);
  }
}

/**
 * Simulate one vehicle's route from its shift start: travel, the earliest window that fits,
 * service, reloads between trips, release dates at each trip's departure. Then delay the
 * departure by the forward time slack so that the reported duration has no avoidable waiting.
 */
function scheduleRoute(problem: Problem, v: number, trips: number[][], vName: string, violations: string[]): RouteSchedule {
  const vehicle = problem.vehicles[v]!;
  const matrices = problem.matrices[vehicle.profile];
  const n = problem.locationCount;
  if (!matrices) {
    violations.push(`${vName}: no matrices for profile "${vehicle.profile}"`);
    return emptySchedule(v);
  }
  if (trips.length > vehicle.maxTrips) violations.push(`${vName}: ${trips.length} trips exceed maxTrips ${vehicle.maxTrips}`);
  if (trips.length > 1 && vehicle.start === null) violations.push(`${vName}: several trips need a start depot to reload at`);

  // Load per trip and dimension.
  for (const [t, trip] of trips.entries()) {
    for (let d = 0; d < problem.dimensions; d++) {
      let load = 0;
      for (const j of trip) load += problem.jobs[j]!.demand[d] ?? 0;
      if (load > vehicle.capacity[d]! + EPS) {
        violations.push(`${vName} trip ${t + 1}: load ${load} exceeds capacity ${vehicle.capacity[d]} in dimension ${d}`);
      }
    }
  }

  if (vehicle.energy) checkEnergy(problem, v, trips, matrices.duration, n, vName, violations);

  const first = simulate(problem, v, trips, vehicle.shift.start, matrices.distance, matrices.duration, n);
  // Forward time slack at the start: how late we can leave without missing a window or the shift end.
  let slack = Number.POSITIVE_INFINITY;
  let waitedSoFar = 0;
  for (const s of first.steps) {
    waitedSoFar += s.waiting;
    if (s.type === 'job') slack = Math.min(slack, waitedSoFar + first.windowEnd.get(s)! - s.start);
    if (s.type === 'end' || (s.type === 'job' && s === first.steps.at(-1))) slack = Math.min(slack, waitedSoFar + vehicle.shift.end - s.departure);
  }
  const delay = first.lateness === 0 && Number.isFinite(slack) ? Math.max(0, Math.min(slack, first.waitBeforeLastStep)) : 0;
  const sim = delay > EPS ? simulate(problem, v, trips, vehicle.shift.start + delay, matrices.distance, matrices.duration, n) : first;

  // Report violations from the (undelayed) simulation: delaying never repairs a window.
  for (const msg of first.messages) violations.push(`${vName}: ${msg}`);
  // An open start (no start depot) begins when service starts at the first job.
  const startTime = sim.steps[0]!.type === 'start' ? sim.steps[0]!.departure : sim.steps[0]!.start;
  const last = sim.steps.at(-1)!;
  const endTime = last.type === 'end' ? last.arrival : last.departure;
  const duration = endTime - startTime;
  if (last.type === 'end' && last.arrival > vehicle.shift.end + EPS) {
    violations.push(`${vName}: reaches its end at ${fmt(last.arrival)}, after the shift end ${fmt(vehicle.shift.end)}`);
  } else if (last.type !== 'end' && last.departure > vehicle.shift.end + EPS) {
    violations.push(`${vName}: finishes its last job at ${fmt(last.departure)}, after the shift end ${fmt(vehicle.shift.end)}`);
  }
  if (sim.distance > vehicle.maxDistance + EPS) violations.push(`${vName}: distance ${fmt(sim.distance)} exceeds maxDistance ${fmt(vehicle.maxDistance)}`);
  if (duration > vehicle.maxDuration + EPS) violations.push(`${vName}: duration ${fmt(duration)} exceeds maxDuration ${fmt(vehicle.maxDuration)}`);

  let service = 0;
  let waiting = 0;
  for (const s of sim.steps) {
    service += s.service;
    waiting += s.waiting;
  }
  return {
    vehicle: v,
    steps: sim.steps,
    trips: trips.length,
    distance: sim.distance,
    travelTime: sim.travelTime,
    service,
    waiting,
    duration,
    cost: vehicle.fixedCost + vehicle.costPerDistance * sim.distance + vehicle.costPerTime * sim.travelTime,
  };
}

interface Simulation {
  steps: ScheduledStep[];
  distance: number;
  travelTime: number;
  /** Sum of lateness (service start after the window end), 0 when all windows are met. */
  lateness: number;
  /** Total waiting before the final step: delaying the start by more than this gains nothing. */
  waitBeforeLastStep: number;
  /** End of the window chosen for each job step. */
  windowEnd: Map<ScheduledStep, number>;
  messages: string[];
}

function simulate(
  problem: Problem,
  v: number,
  trips: number[][],
  leaveAt: number,
  dist: Float64Array,
  dur: Float64Array,
  n: number,
): Simulation {
  const vehicle = problem.vehicles[v]!;
  const jobs = problem.jobs;
  const steps: ScheduledStep[] = [];
  const messages: string[] = [];
  const windowEnd = new Map<ScheduledStep, number>();
  let distance = 0;
  let travelTime = 0;
  let lateness = 0;
  let time = leaveAt;
  let here: number | null = vehicle.start;
  const zero = () => new Array<number>(problem.dimensions).fill(0);

  const tripLoad = (trip: number[]) => {
    const load = zero();
    for (const j of trip) for (let d = 0; d < problem.dimensions; d++) load[d]! += jobs[j]!.demand[d] ?? 0;
    return load;
  };
  const releaseOf = (trip: number[]) => trip.reduce((m, j) => Math.max(m, jobs[j]!.release), 0);
  const reloadOf = (trip: number[]) => trip.reduce((m, j) => Math.max(m, jobs[j]!.reloadBefore ?? 0), vehicle.reloadTime);
  const travel = (to: number) => {
    if (here === null) return; // open start: the route begins at its first job
    distance += dist[here * n + to]!;
    travelTime += dur[here * n + to]!;
    time += dur[here * n + to]!;
  };

  for (const [t, trip] of trips.entries()) {
    let load = tripLoad(trip);
    const release = releaseOf(trip);
    if (t === 0) {
      if (vehicle.start !== null) {
        const depart = Math.max(time, release);
        steps.push({ type: 'start', location: vehicle.start, arrival: time, start: depart, departure: depart, waiting: depart - time, service: 0, load, distance, travelTime });
        time = depart;
      } else {
        time = Math.max(time, release);
      }
    } else {
      // Back at the start depot to reload, then wait for the trip's release if needed.
      const depot = vehicle.start!;
      travel(depot);
      here = depot;
      const arrival = time;
      const reload = reloadOf(trip);
      const ready = arrival + reload;
      const depart = Math.max(ready, release);
      steps.push({ type: 'reload', location: depot, arrival, start: ready, departure: depart, waiting: depart - ready, service: reload, load, distance, travelTime });
      time = depart;
    }
    for (const j of trip) {
      const job = jobs[j]!;
      travel(job.location);
      here = job.location;
      const arrival = time;
      let start = arrival;
      let end = Number.POSITIVE_INFINITY;
      if (job.timeWindows.length > 0) {
        const w = job.timeWindows.find((tw) => tw.end + EPS >= arrival);
        if (w) {
          start = Math.max(arrival, w.start);
          end = w.end;
        } else {
          const lastEnd = job.timeWindows.at(-1)!.end;
          end = lastEnd;
          lateness += arrival - lastEnd;
          messages.push(`job ${job.id} (#${j}) trip ${t + 1}: arrives at ${fmt(arrival)}, after its last time window closes at ${fmt(lastEnd)}`);
        }
      }
      load = load.map((x, d) => x - (job.demand[d] ?? 0));
      const step: ScheduledStep = { type: 'job', job: j, location: job.location, arrival, start, departure: start + job.service, waiting: start - arrival, service: job.service, load, distance, travelTime };
      steps.push(step);
      windowEnd.set(step, end);
      time = step.departure;
    }
  }
  if (vehicle.end !== null) {
    travel(vehicle.end);
    steps.push({ type: 'end', location: vehicle.end, arrival: time, start: time, departure: time, waiting: 0, service: 0, load: zero(), distance, travelTime });
  }
  let waitBeforeLastStep = 0;
  for (const s of steps) waitBeforeLastStep += s.waiting;
  return { steps, distance, travelTime, lateness, waitBeforeLastStep, windowEnd, messages };
}

function emptySchedule(v: number): RouteSchedule {
  return { vehicle: v, steps: [], trips: 0, distance: 0, travelTime: 0, service: 0, waiting: 0, duration: 0, cost: 0 };
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

// VROOM-shaped solution JSON: written from the schedule the checker computes (never from the
// solver's bookkeeping), and read back for `relais check`. Multi-trip routes carry a
// `reload` step between trips (a Relais extension; VROOM itself has no reloads).
import { ParseError } from '../errors.js';
import type { CheckResult, ScheduledStep } from '../check.js';
import type { Problem, Solution } from '../model.js';
import { withJsonLine } from './vroom.js';

export interface VroomStep {
  type: 'start' | 'job' | 'reload' | 'end';
  id?: number | string;
  location?: [number, number];
  location_index: number;
  arrival: number;
  duration: number;
  service: number;
  waiting_time: number;
  load: number[];
  distance: number;
}

export interface VroomRoute {
  vehicle: number | string;
  cost: number;
  delivery: number[];
  amount: number[];
  duration: number;
  distance: number;
  service: number;
  waiting_time: number;
  steps: VroomStep[];
}

export interface VroomOutput {
  code: number;
  summary: {
    cost: number;
    routes: number;
    unassigned: number;
    delivery: number[];
    amount: number[];
    service: number;
    duration: number;
    waiting_time: number;
    distance: number;
    computing_times: { loading: number; solving: number; routing: number };
  };
  unassigned: Array<{ id: number | string; location?: [number, number]; location_index: number; type: 'job' }>;
  routes: VroomRoute[];
}

/** VROOM ids are integers; ids that look like integers are written as numbers. */
function externalId(id: string): number | string {
  return /^-?\d+$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;
}

export function writeVroomOutput(problem: Problem, checked: CheckResult, computingMs: { loading?: number; solving?: number } = {}): VroomOutput {
  const coords = problem.coordinates;
  const where = (loc: number) => (coords?.[loc] ? { location: coords[loc] } : {});
  const zero = () => new Array<number>(problem.dimensions).fill(0);
  const routes: VroomRoute[] = checked.routes.map((r) => {
    const vehicle = problem.vehicles[r.vehicle]!;
    const delivery = zero();
    for (const s of r.steps) {
      if (s.type === 'job') problem.jobs[s.job!]!.demand.forEach((x, d) => (delivery[d]! += x));
    }
    const steps = r.steps.map((s: ScheduledStep): VroomStep => {
      const step: VroomStep = {
        type: s.type,
        ...where(s.location),
        location_index: s.location,
        arrival: s.arrival,
        duration: s.travelTime,
        service: s.service,
        waiting_time: s.waiting,
        load: s.load,
        distance: s.distance,
      };
      if (s.type === 'job') step.id = externalId(problem.jobs[s.job!]!.id);
      return step;
    });
    return {
      vehicle: externalId(vehicle.id),
      cost: r.cost,
      delivery,
      amount: delivery.slice(),
      duration: r.travelTime,
      distance: r.distance,
      service: r.service,
      waiting_time: r.waiting,
      steps,
    };
  });
  const total = zero();
  for (const r of routes) r.delivery.forEach((x, d) => (total[d]! += x));
  return {
    code: 0,
    summary: {
      // As in VROOM: the summary cost is the routes' cost; unassigned jobs are counted, not costed.
      cost: checked.cost.total - checked.cost.penalty,
      routes: routes.length,
      unassigned: checked.unassigned.length,
      delivery: total,
      amount: total.slice(),
      service: routes.reduce((s, r) => s + r.service, 0),
      duration: checked.travelTime,
      waiting_time: routes.reduce((s, r) => s + r.waiting_time, 0),
      distance: checked.distance,
      computing_times: { loading: Math.round(computingMs.loading ?? 0), solving: Math.round(computingMs.solving ?? 0), routing: 0 },
    },
    unassigned: checked.unassigned.map((j) => {
      const job = problem.jobs[j]!;
      return { id: externalId(job.id), ...where(job.location), location_index: job.location, type: 'job' as const };
    }),
    routes,
  };
}

/**
 * Read a VROOM-shaped solution (ours or VROOM's) into a Solution over `problem`'s indices.
 * Ids the problem does not know are left out of the Solution and listed in `unknown`, so a
 * checker run can report them as violations (the file is readable, the solution is wrong).
 */
export function readVroomOutput(input: string | unknown, file: string, problem: Problem): { solution: Solution; unknown: string[] } {
  try {
    return readVroomOutputDoc(input, file, problem);
  } catch (err) {
    throw typeof input === 'string' ? withJsonLine(err, input) : err;
  }
}

function readVroomOutputDoc(input: string | unknown, file: string, problem: Problem): { solution: Solution; unknown: string[] } {
  const unknown: string[] = [];
  const fail = (field: string, message: string): never => {
    throw new ParseError(file, undefined, field, message);
  };
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      fail('json', `invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { routes?: unknown }).routes)) fail('routes', 'missing field (expected a VROOM solution with a routes array)');
  const o = doc as { routes: unknown[]; unassigned?: unknown };
  const jobIndex = new Map(problem.jobs.map((j, i) => [j.id, i]));
  const vehicleIndex = new Map(problem.vehicles.map((v, i) => [v.id, i]));
  const routes: Solution['routes'] = o.routes.map((raw, r) => {
    const route = raw as { vehicle?: unknown; steps?: unknown };
    const vid = String(route.vehicle);
    let vehicle = vehicleIndex.get(vid);
    if (vehicle === undefined) {
      unknown.push(`routes[${r}]: unknown vehicle id ${vid}`);
      vehicle = -1;
    }
    if (!Array.isArray(route.steps)) fail(`routes[${r}].steps`, 'expected an array');
    const trips: number[][] = [[]];
    (route.steps as unknown[]).forEach((rawStep, k) => {
      const step = rawStep as { type?: unknown; id?: unknown };
      switch (step.type) {
        case 'start':
        case 'end':
          return;
        case 'reload':
          trips.push([]);
          return;
        case 'job': {
          const id = String(step.id);
          const j = jobIndex.get(id);
          if (j === undefined) unknown.push(`routes[${r}].steps[${k}]: unknown job id ${id}`);
          else trips.at(-1)!.push(j);
          return;
        }
        default:
          fail(`routes[${r}].steps[${k}].type`, `unsupported step type ${JSON.stringify(step.type)} (supported: start, job, reload, end)`);
      }
    });
    return { vehicle, trips: trips.filter((t) => t.length > 0) };
  }).filter((route) => route.vehicle >= 0);
  const unassignedRaw = o.unassigned === undefined ? [] : o.unassigned;
  if (!Array.isArray(unassignedRaw)) fail('unassigned', 'expected an array');
  const unassigned: number[] = [];
  (unassignedRaw as unknown[]).forEach((u, k) => {
    const id = String((u as { id?: unknown }).id);
    const j = jobIndex.get(id);
    if (j === undefined) unknown.push(`unassigned[${k}]: unknown job id ${id}`);
    else unassigned.push(j);
  });
  return { solution: { routes, unassigned }, unknown };
}

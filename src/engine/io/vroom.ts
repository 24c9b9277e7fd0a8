// Reader for VROOM's JSON input (https://github.com/VROOM-Project/vroom/blob/master/docs/API.md),
// the subset Relais supports. Anything outside that subset is rejected by name, never ignored.
// Pure: takes the parsed-or-raw JSON text, returns a Problem.
//
// Mapping decisions (see the README):
// - jobs are all optional, as VROOM leaves jobs it cannot serve unassigned; the penalty of an
//   unassigned job is UNASSIGNED_PENALTY + priority × PRIORITY_PENALTY, so serving any job beats
//   any route cost and higher-priority jobs are the last to be dropped;
// - costs: fixed, per_hour (default 3600, i.e. cost = travel seconds), per_km (default 0);
// - without a matrix, locations are [lon, lat]: haversine metres rounded to whole metres and
//   durations = distance / speed (default 10 m/s = 36 km/h, option `defaultSpeed`), rounded to seconds;
// - max_travel_time bounds the whole route duration (travel + service + waiting), which is at
//   least the travel time: a conservative reading (never accepts what VROOM would reject);
// - speed_factor divides that vehicle's durations (a scaled copy of its profile's matrix).
import { ParseError } from '../errors.js';
import type { Job, Problem, ProfileMatrices, TimeWindow, Vehicle } from '../model.js';
import { distanceMatrix } from '../../geo/metrics.js';
import { lineOfField } from './json-lines.js';

export const UNASSIGNED_PENALTY = 1e9;
export const PRIORITY_PENALTY = 1e7;
export const DEFAULT_SPEED_MPS = 10;
const DEFAULT_VROOM_PROFILE = 'car';

export interface VroomOptions {
  /** Metres per second used to derive durations when no matrix is given. */
  defaultSpeed?: number;
}

const TOP_FIELDS = new Set(['jobs', 'vehicles', 'matrices', 'matrix', 'description']);
const JOB_FIELDS = new Set(['id', 'description', 'location', 'location_index', 'setup', 'service', 'delivery', 'pickup', 'amount', 'skills', 'priority', 'time_windows']);
const VEHICLE_FIELDS = new Set([
  'id', 'description', 'profile', 'start', 'start_index', 'end', 'end_index', 'capacity', 'costs', 'skills',
  'time_window', 'max_travel_time', 'max_distance', 'speed_factor',
]);
const COST_FIELDS = new Set(['fixed', 'per_hour', 'per_km']);
const MATRIX_FIELDS = new Set(['durations', 'distances']);

type Json = unknown;
type Obj = Record<string, Json>;

export function readVroom(input: string | Json, file: string, options: VroomOptions = {}): Problem {
  try {
    return readVroomDoc(input, file, options);
  } catch (err) {
    throw typeof input === 'string' ? withJsonLine(err, input) : err;
  }
}

/** Add the line of the offending field to a ParseError raised on a JSON text. */
export function withJsonLine(err: unknown, text: string): unknown {
  if (!(err instanceof ParseError) || err.line !== undefined || err.field === 'json') return err;
  const line = lineOfField(text, err.field);
  return line === undefined ? err : new ParseError(err.file, line, err.field, err.detail);
}

function readVroomDoc(input: string | Json, file: string, options: VroomOptions): Problem {
  const fail = (field: string, message: string): never => {
    throw new ParseError(file, undefined, field, message);
  };
  let doc: Json = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      // Point at the line when the JSON error names a position.
      const pos = /position (\d+)/.exec(msg);
      const line = pos ? input.slice(0, Number(pos[1])).split('\n').length : undefined;
      throw new ParseError(file, line, 'json', `invalid JSON: ${msg}`);
    }
  }
  const top = asObject(doc, 'input', fail);
  rejectUnknown(top, TOP_FIELDS, '', fail);
  const jobsIn = asArray(top['jobs'] ?? fail('jobs', 'missing field'), 'jobs', fail);
  const vehiclesIn = asArray(top['vehicles'] ?? fail('vehicles', 'missing field'), 'vehicles', fail);
  if (vehiclesIn.length === 0) fail('vehicles', 'at least one vehicle is required');

  const jobObjs = jobsIn.map((j, i) => {
    const o = asObject(j, `jobs[${i}]`, fail);
    rejectUnknown(o, JOB_FIELDS, `jobs[${i}].`, fail);
    return o;
  });
  const vehObjs = vehiclesIn.map((v, i) => {
    const o = asObject(v, `vehicles[${i}]`, fail);
    rejectUnknown(o, VEHICLE_FIELDS, `vehicles[${i}].`, fail);
    return o;
  });

  // Locations: matrix indices when a matrix is given, else distinct coordinates.
  const matrixDocs = readMatrixDocs(top, fail);
  const locations = new LocationTable(matrixDocs !== null, fail);
  const jobLoc = jobObjs.map((o, i) => locations.index(o, 'location', 'location_index', `jobs[${i}]`, true)!);
  const vehStart = vehObjs.map((o, i) => locations.index(o, 'start', 'start_index', `vehicles[${i}]`, false));
  const vehEnd = vehObjs.map((o, i) => locations.index(o, 'end', 'end_index', `vehicles[${i}]`, false));
  vehObjs.forEach((_, i) => {
    if (vehStart[i] === null && vehEnd[i] === null) fail(`vehicles[${i}]`, 'needs a start or an end');
  });

  // Capacity dimensions: the longest amount vector; all must agree.
  const amountOf = (o: Obj, path: string): number[] | undefined => {
    const pickup = o['pickup'];
    if (pickup !== undefined && numberArray(pickup, `${path}.pickup`, fail).some((x) => x !== 0)) {
      fail(`${path}.pickup`, 'unsupported field (pickups are not supported; only deliveries from the depot)');
    }
    if (o['delivery'] !== undefined && o['amount'] !== undefined) fail(`${path}.amount`, 'give delivery or amount, not both');
    const raw = o['delivery'] ?? o['amount'];
    return raw === undefined ? undefined : numberArray(raw, `${path}.${o['delivery'] !== undefined ? 'delivery' : 'amount'}`, fail, 0);
  };
  const jobAmounts = jobObjs.map((o, i) => amountOf(o, `jobs[${i}]`));
  const capacities = vehObjs.map((o, i) => (o['capacity'] === undefined ? undefined : numberArray(o['capacity'], `vehicles[${i}].capacity`, fail, 0)));
  const dimensions = Math.max(0, ...jobAmounts.map((a) => a?.length ?? 0), ...capacities.map((c) => c?.length ?? 0));
  const checkDims = (a: number[] | undefined, path: string) => {
    if (a !== undefined && a.length !== dimensions) fail(path, `expected ${dimensions} value(s) like the other amounts and capacities, got ${a.length}`);
  };
  jobAmounts.forEach((a, i) => checkDims(a, `jobs[${i}].delivery`));
  capacities.forEach((c, i) => checkDims(c, `vehicles[${i}].capacity`));
  if (dimensions > 0) {
    capacities.forEach((c, i) => {
      if (c === undefined && jobAmounts.some((a) => a !== undefined)) fail(`vehicles[${i}].capacity`, 'missing field (jobs have amounts)');
    });
  }

  // Vehicles.
  const vehicleSkills: Array<Set<number>> = [];
  const vehicleIds = new Set<string>();
  const vehicles: Vehicle[] = vehObjs.map((o, i) => {
    const p = `vehicles[${i}]`;
    const id = String(integer(o['id'] ?? fail(`${p}.id`, 'missing field'), `${p}.id`, fail));
    if (vehicleIds.has(id)) fail(`${p}.id`, `duplicate vehicle id ${id}`);
    vehicleIds.add(id);
    vehicleSkills.push(new Set(o['skills'] === undefined ? [] : numberArray(o['skills'], `${p}.skills`, fail, 0)));
    const costs = o['costs'] === undefined ? {} : asObject(o['costs'], `${p}.costs`, fail);
    rejectUnknown(costs, COST_FIELDS, `${p}.costs.`, fail);
    const tw = o['time_window'] === undefined ? undefined : window(o['time_window'], `${p}.time_window`, fail);
    const speedFactor = o['speed_factor'] === undefined ? 1 : positive(o['speed_factor'], `${p}.speed_factor`, fail);
    const profile = o['profile'] === undefined ? DEFAULT_VROOM_PROFILE : string(o['profile'], `${p}.profile`, fail);
    return {
      id,
      profile: speedFactor === 1 ? profile : `${profile}*${speedFactor}`,
      start: vehStart[i]!,
      end: vehEnd[i]!,
      capacity: capacities[i] ?? new Array(dimensions).fill(0),
      shift: tw ?? { start: 0, end: Number.POSITIVE_INFINITY },
      fixedCost: costs['fixed'] === undefined ? 0 : nonNegative(costs['fixed'], `${p}.costs.fixed`, fail),
      costPerDistance: (costs['per_km'] === undefined ? 0 : nonNegative(costs['per_km'], `${p}.costs.per_km`, fail)) / 1000,
      costPerTime: (costs['per_hour'] === undefined ? 3600 : nonNegative(costs['per_hour'], `${p}.costs.per_hour`, fail)) / 3600,
      maxDistance: o['max_distance'] === undefined ? Number.POSITIVE_INFINITY : nonNegative(o['max_distance'], `${p}.max_distance`, fail),
      maxDuration: o['max_travel_time'] === undefined ? Number.POSITIVE_INFINITY : nonNegative(o['max_travel_time'], `${p}.max_travel_time`, fail),
      maxTrips: 1,
      reloadTime: 0,
    };
  });

  // Jobs.
  const jobIds = new Set<string>();
  const jobs: Job[] = jobObjs.map((o, i) => {
    const p = `jobs[${i}]`;
    const id = String(integer(o['id'] ?? fail(`${p}.id`, 'missing field'), `${p}.id`, fail));
    if (jobIds.has(id)) fail(`${p}.id`, `duplicate job id ${id}`);
    jobIds.add(id);
    if (o['setup'] !== undefined && nonNegative(o['setup'], `${p}.setup`, fail) !== 0) fail(`${p}.setup`, 'unsupported field (setup times are not supported)');
    const priority = o['priority'] === undefined ? 0 : integer(o['priority'], `${p}.priority`, fail);
    if (priority < 0 || priority > 100) fail(`${p}.priority`, `must be within 0..100, got ${priority}`);
    const windows = o['time_windows'] === undefined ? [] : asArray(o['time_windows'], `${p}.time_windows`, fail).map((w, k) => window(w, `${p}.time_windows[${k}]`, fail));
    windows.sort((a, b) => a.start - b.start);
    for (let k = 1; k < windows.length; k++) {
      if (windows[k]!.start <= windows[k - 1]!.end) fail(`${p}.time_windows`, 'windows overlap');
    }
    const job: Job = {
      id,
      location: jobLoc[i]!,
      demand: jobAmounts[i] ?? new Array(dimensions).fill(0),
      service: o['service'] === undefined ? 0 : nonNegative(o['service'], `${p}.service`, fail),
      timeWindows: windows,
      release: 0,
      optional: true,
      penalty: UNASSIGNED_PENALTY + priority * PRIORITY_PENALTY,
    };
    if (o['skills'] !== undefined) {
      const need = numberArray(o['skills'], `${p}.skills`, fail, 0);
      if (need.length > 0) job.allowedVehicles = vehicles.map((_, v) => v).filter((v) => need.every((s) => vehicleSkills[v]!.has(s)));
    }
    return job;
  });

  const problem: Problem = {
    name: file.replace(/^.*[\\/]/, '').replace(/\.json$/i, ''),
    dimensions,
    locationCount: locations.count(matrixDocs),
    matrices: {},
    depots: [...new Set([...vehStart, ...vehEnd].filter((x): x is number => x !== null))],
    jobs,
    vehicles,
  };
  const coords = locations.coordinates();
  if (coords) problem.coordinates = coords;

  // One matrix set per profile used (scaled copies for speed factors).
  const base = new Map<string, ProfileMatrices>();
  const baseFor = (profile: string, field: string): ProfileMatrices => {
    let m = base.get(profile);
    if (m) return m;
    if (matrixDocs) {
      const d = matrixDocs.get(profile) ?? fail(field, `no matrix for profile "${profile}"`);
      m = { distance: d.distance, duration: d.duration };
    } else {
      const speed = options.defaultSpeed ?? DEFAULT_SPEED_MPS;
      const distance = distanceMatrix(coords!, 'haversine').map(Math.round);
      m = { distance, duration: distance.map((x) => Math.round(x / speed)) };
      problem.metric = 'haversine';
    }
    base.set(profile, m);
    return m;
  };
  vehObjs.forEach((o, i) => {
    const v = vehicles[i]!;
    if (problem.matrices[v.profile]) return;
    const profile = o['profile'] === undefined ? DEFAULT_VROOM_PROFILE : (o['profile'] as string);
    const m = baseFor(profile, `vehicles[${i}].profile`);
    const factor = o['speed_factor'] === undefined ? 1 : (o['speed_factor'] as number);
    problem.matrices[v.profile] = factor === 1 ? m : { distance: m.distance, duration: m.duration.map((x) => Math.round(x / factor)) };
  });
  if (matrixDocs) {
    // Without a distances matrix, distance-based costs and limits would silently read zeros.
    vehObjs.forEach((o, i) => {
      const profile = o['profile'] === undefined ? DEFAULT_VROOM_PROFILE : (o['profile'] as string);
      if (!matrixDocs.get(profile)!.hasDistances) {
        const v = vehicles[i]!;
        if (v.costPerDistance > 0) fail(`vehicles[${i}].costs.per_km`, `needs a distances matrix for profile "${profile}"`);
        if (Number.isFinite(v.maxDistance)) fail(`vehicles[${i}].max_distance`, `needs a distances matrix for profile "${profile}"`);
      }
    });
    const side = problem.locationCount;
    const check = (idx: number | null, field: string) => {
      if (idx !== null && idx >= side) fail(field, `location_index ${idx} outside the ${side}×${side} matrix`);
    };
    jobs.forEach((j, i) => check(j.location, `jobs[${i}].location_index`));
    vehicles.forEach((v, i) => {
      check(v.start, `vehicles[${i}].start_index`);
      check(v.end, `vehicles[${i}].end_index`);
    });
  }
  return problem;
}

/** `matrices` {profile: {durations, distances}} or legacy top-level `matrix` (durations for "car"). */
type MatrixDoc = ProfileMatrices & { hasDistances: boolean };

function readMatrixDocs(top: Obj, fail: (f: string, m: string) => never): Map<string, MatrixDoc> | null {
  if (top['matrices'] === undefined && top['matrix'] === undefined) return null;
  const out = new Map<string, MatrixDoc>();
  let side = -1;
  const square = (raw: Json, field: string): Float64Array => {
    const rows = asArray(raw, field, fail);
    if (side < 0) side = rows.length;
    if (rows.length !== side) fail(field, `expected ${side} rows like the other matrices, got ${rows.length}`);
    const m = new Float64Array(side * side);
    rows.forEach((r, i) => {
      const vals = numberArray(r, `${field}[${i}]`, fail, 0);
      if (vals.length !== side) fail(`${field}[${i}]`, `expected ${side} values (square matrix), got ${vals.length}`);
      m.set(vals, i * side);
    });
    return m;
  };
  if (top['matrix'] !== undefined) {
    const duration = square(top['matrix'], 'matrix');
    out.set(DEFAULT_VROOM_PROFILE, { duration, distance: new Float64Array(duration.length), hasDistances: false });
  }
  if (top['matrices'] !== undefined) {
    const ms = asObject(top['matrices'], 'matrices', fail);
    for (const [profile, raw] of Object.entries(ms)) {
      const o = asObject(raw, `matrices.${profile}`, fail);
      rejectUnknown(o, MATRIX_FIELDS, `matrices.${profile}.`, fail);
      if (o['durations'] === undefined) fail(`matrices.${profile}.durations`, 'missing field');
      const duration = square(o['durations'], `matrices.${profile}.durations`);
      const distance = o['distances'] === undefined ? new Float64Array(duration.length) : square(o['distances'], `matrices.${profile}.distances`);
      out.set(profile, { duration, distance, hasDistances: o['distances'] !== undefined });
    }
  }
  return out;
}

/** Location indices: taken from *_index with a matrix, else assigned per distinct coordinate pair. */
class LocationTable {
  private readonly byKey = new Map<string, number>();
  private readonly coords: Array<[number, number]> = [];
  private readonly indexed = new Map<number, [number, number]>();
  private maxIndex = -1;

  constructor(
    private readonly withMatrix: boolean,
    private readonly fail: (f: string, m: string) => never,
  ) {}

  index(o: Obj, coordField: string, indexField: string, path: string, required: boolean): number | null {
    const coord = o[coordField] === undefined ? undefined : lonLat(o[coordField], `${path}.${coordField}`, this.fail);
    if (this.withMatrix) {
      if (o[indexField] === undefined) {
        if (coord !== undefined || required) this.fail(`${path}.${indexField}`, 'missing field (required when a matrix is given)');
        return null;
      }
      const idx = integer(o[indexField], `${path}.${indexField}`, this.fail);
      if (idx < 0) this.fail(`${path}.${indexField}`, 'must be non-negative');
      if (coord) this.indexed.set(idx, coord);
      this.maxIndex = Math.max(this.maxIndex, idx);
      return idx;
    }
    if (o[indexField] !== undefined) this.fail(`${path}.${indexField}`, 'needs a matrix (give `matrices` or use coordinates)');
    if (coord === undefined) {
      if (required) this.fail(`${path}.${coordField}`, 'missing field');
      return null;
    }
    const key = `${coord[0]},${coord[1]}`;
    let idx = this.byKey.get(key);
    if (idx === undefined) {
      idx = this.coords.length;
      this.byKey.set(key, idx);
      this.coords.push(coord);
    }
    return idx;
  }

  count(matrices: Map<string, ProfileMatrices> | null): number {
    if (!matrices) return this.coords.length;
    const first = matrices.values().next().value as ProfileMatrices;
    return Math.round(Math.sqrt(first.duration.length));
  }

  coordinates(): Array<[number, number]> | undefined {
    if (!this.withMatrix) return this.coords;
    return undefined;
  }
}

// Small JSON shape checks; each names the field it rejects.
function rejectUnknown(o: Obj, allowed: Set<string>, prefix: string, fail: (f: string, m: string) => never): void {
  for (const key of Object.keys(o)) if (!allowed.has(key)) fail(`${prefix}${key}`, 'unsupported field');
}
function asObject(x: Json, field: string, fail: (f: string, m: string) => never): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(field, 'expected an object');
  return x as Obj;
}
function asArray(x: Json, field: string, fail: (f: string, m: string) => never): Json[] {
  if (!Array.isArray(x)) fail(field, 'expected an array');
  return x as Json[];
}
function string(x: Json, field: string, fail: (f: string, m: string) => never): string {
  if (typeof x !== 'string' || x === '') fail(field, 'expected a non-empty string');
  return x as string;
}
function num(x: Json, field: string, fail: (f: string, m: string) => never): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(field, `expected a number, got ${JSON.stringify(x)}`);
  return x as number;
}
function nonNegative(x: Json, field: string, fail: (f: string, m: string) => never): number {
  const v = num(x, field, fail);
  if (v < 0) fail(field, `must be non-negative, got ${v}`);
  return v;
}
function positive(x: Json, field: string, fail: (f: string, m: string) => never): number {
  const v = num(x, field, fail);
  if (v <= 0) fail(field, `must be positive, got ${v}`);
  return v;
}
function integer(x: Json, field: string, fail: (f: string, m: string) => never): number {
  const v = num(x, field, fail);
  if (!Number.isInteger(v)) fail(field, `expected a whole number, got ${v}`);
  return v;
}
function numberArray(x: Json, field: string, fail: (f: string, m: string) => never, min = Number.NEGATIVE_INFINITY): number[] {
  return asArray(x, field, fail).map((v, i) => {
    const n = num(v, `${field}[${i}]`, fail);
    if (n < min) fail(`${field}[${i}]`, `must be at least ${min}, got ${n}`);
    return n;
  });
}
function window(x: Json, field: string, fail: (f: string, m: string) => never): TimeWindow {
  const a = numberArray(x, field, fail, 0);
  if (a.length !== 2) fail(field, `expected [start, end], got ${a.length} value(s)`);
  if (a[0]! > a[1]!) fail(field, `window ends before it starts: [${a[0]}, ${a[1]}]`);
  return { start: a[0]!, end: a[1]! };
}
function lonLat(x: Json, field: string, fail: (f: string, m: string) => never): [number, number] {
  const a = numberArray(x, field, fail);
  if (a.length !== 2) fail(field, `expected [lon, lat], got ${a.length} value(s)`);
  if (Math.abs(a[0]!) > 180 || Math.abs(a[1]!) > 90) fail(field, `not a [lon, lat] pair: [${a[0]}, ${a[1]}]`);
  return [a[0]!, a[1]!];
}

// Reader for TSPLIB/CVRPLIB `.vrp` files and the extended VRPLIB sections of the MTVRPTWR set
// (time windows, release dates, reload depots). Pure: takes the file text, returns a Problem.
//
// Numbering: node k of the file is location k-1. Jobs are the non-depot nodes in file order;
// job i has id String(i + 1), which is the customer number CVRPLIB `.sol` files use
// (and, with the depot as node 1, also the location number the MTVRPTWR `.sol` files use).
import { ParseError } from '../errors.js';
import type { Job, Metric, Problem, Vehicle } from '../model.js';
import { distanceMatrix } from '../../geo/metrics.js';
import { numberedLines, parseInteger, parseNumber } from './numbers.js';

export interface VrplibOptions {
  /**
   * Metric for EUC_2D coordinates. Default: 'euc2d-round' (TSPLIB nint, the CVRPLIB X convention),
   * or 'euclidean-trunc1' (DIMACS) when the file has a TIME_WINDOW_SECTION, as the MTVRPTWR set does.
   */
  metric?: Metric;
  /** Name of the profile the matrices are stored under. */
  profile?: string;
}

export const DEFAULT_PROFILE = 'default';

const HEADERS = new Set([
  'NAME',
  'COMMENT',
  'TYPE',
  'DIMENSION',
  'CAPACITY',
  'EDGE_WEIGHT_TYPE',
  'EDGE_WEIGHT_FORMAT',
  'NODE_COORD_TYPE',
  'DISPLAY_DATA_TYPE',
  'VEHICLES',
  'SERVICE_TIME',
  'DISTANCE',
]);

const SECTIONS = new Set([
  'NODE_COORD_SECTION',
  'DEMAND_SECTION',
  'DEPOT_SECTION',
  'EDGE_WEIGHT_SECTION',
  'DISPLAY_DATA_SECTION',
  'SERVICE_TIME_SECTION',
  'TIME_WINDOW_SECTION',
  'RELEASE_TIME_SECTION',
  'VEHICLES_RELOAD_DEPOT_SECTION',
]);

interface Row {
  line: number;
  tokens: string[];
}

interface RawFile {
  headers: Map<string, { line: number; value: string }>;
  sections: Map<string, { line: number; rows: Row[] }>;
  lastLine: number;
}

/** Split the file into header values and section rows, rejecting keywords we do not know. */
function tokenize(text: string, file: string): RawFile {
  const headers: RawFile['headers'] = new Map();
  const sections: RawFile['sections'] = new Map();
  let current: Row[] | null = null;
  let lastLine = 0;
  for (const { line, text: t } of numberedLines(text)) {
    lastLine = line;
    if (t === 'EOF') break;
    const header = /^([A-Z][A-Z0-9_]*)\s*:\s*(.*)$/.exec(t);
    if (header && !SECTIONS.has(header[1]!)) {
      const key = header[1]!;
      if (!HEADERS.has(key)) throw new ParseError(file, line, key, 'unsupported field');
      headers.set(key, { line, value: header[2]!.trim().replace(/^"|"$/g, '') });
      current = null;
      continue;
    }
    const first = t.split(/[\s:]+/)[0]!;
    if (/^[A-Z][A-Z0-9_]*$/.test(first)) {
      if (!SECTIONS.has(first)) throw new ParseError(file, line, first, 'unsupported section');
      if (sections.has(first)) throw new ParseError(file, line, first, 'section given twice');
      current = [];
      sections.set(first, { line, rows: current });
      continue;
    }
    if (current === null) throw new ParseError(file, line, 'line', `data outside any section: "${t.slice(0, 40)}"`);
    current.push({ line, tokens: t.split(/\s+/) });
  }
  return { headers, sections, lastLine };
}

export function readVrplib(text: string, file: string, options: VrplibOptions = {}): Problem {
  const raw = tokenize(text, file);
  const header = (key: string) => raw.headers.get(key);
  const requireHeader = (key: string) => {
    const h = header(key);
    if (!h) throw new ParseError(file, undefined, key, 'missing field');
    return h;
  };
  const requireSection = (key: string) => {
    const s = raw.sections.get(key);
    if (!s) throw new ParseError(file, undefined, key, 'missing section');
    return s;
  };

  const dimH = requireHeader('DIMENSION');
  const n = parseInteger(dimH.value, file, dimH.line, 'DIMENSION', 2);
  const name = header('NAME')?.value || file.replace(/^.*[\\/]/, '').replace(/\.vrp$/i, '');

  // One row per node, keyed by node number 1..n; every node must appear exactly once.
  const perNode = (key: string, valueCount: number | 'any', required: boolean): Array<number[] | undefined> => {
    const out: Array<number[] | undefined> = new Array(n).fill(undefined);
    const sec = required ? requireSection(key) : raw.sections.get(key);
    if (!sec) return out;
    for (const row of sec.rows) {
      const id = parseInteger(row.tokens[0], file, row.line, key, 1);
      if (id > n) throw new ParseError(file, row.line, key, `node ${id} exceeds DIMENSION ${n}`);
      if (out[id - 1]) throw new ParseError(file, row.line, key, `node ${id} given twice`);
      const values = row.tokens.slice(1).map((tok) => parseNumber(tok, file, row.line, key));
      if (valueCount === 'any' ? values.length === 0 : values.length !== valueCount) {
        throw new ParseError(file, row.line, key, `expected ${valueCount === 'any' ? 'at least 1' : valueCount} value(s) after the node number, got ${values.length}`);
      }
      out[id - 1] = values;
    }
    const missing = out.findIndex((v) => v === undefined);
    if (missing >= 0) throw new ParseError(file, sec.rows.at(-1)?.line ?? sec.line, key, `node ${missing + 1} missing (need all ${n} nodes)`);
    return out;
  };

  // Depots: node numbers, optionally terminated by -1.
  const depotSec = requireSection('DEPOT_SECTION');
  const depotNodes: number[] = [];
  for (const row of depotSec.rows) {
    for (const tok of row.tokens) {
      const id = parseInteger(tok, file, row.line, 'DEPOT_SECTION');
      if (id === -1) break;
      if (id < 1 || id > n) throw new ParseError(file, row.line, 'DEPOT_SECTION', `depot ${id} outside 1..${n}`);
      depotNodes.push(id);
    }
  }
  if (depotNodes.length === 0) throw new ParseError(file, depotSec.line, 'DEPOT_SECTION', 'no depot given');
  if (depotNodes.length > 1) throw new ParseError(file, depotSec.line, 'DEPOT_SECTION', 'more than one depot is not supported');
  const depot = depotNodes[0]! - 1;

  // Distances.
  const ewtH = requireHeader('EDGE_WEIGHT_TYPE');
  const ewt = ewtH.value;
  const coordRows = perNode('NODE_COORD_SECTION', 2, ewt === 'EUC_2D');
  const displayRows = raw.sections.has('DISPLAY_DATA_SECTION') ? perNode('DISPLAY_DATA_SECTION', 2, true) : undefined;
  const coordSource = coordRows[0] ? coordRows : displayRows;
  const coordinates = coordSource?.map((v) => [v![0]!, v![1]!] as [number, number]);
  let metric: Metric | undefined;
  let distance: Float64Array;
  if (ewt === 'EUC_2D') {
    metric = options.metric ?? (raw.sections.has('TIME_WINDOW_SECTION') ? 'euclidean-trunc1' : 'euc2d-round');
    distance = distanceMatrix(coordinates!, metric);
  } else if (ewt === 'EXPLICIT') {
    distance = readExplicit(raw, file, n);
  } else {
    throw new ParseError(file, ewtH.line, 'EDGE_WEIGHT_TYPE', `unsupported value "${ewt}" (supported: EUC_2D, EXPLICIT)`);
  }

  // Demands and capacity (one or more dimensions).
  const demandRows = perNode('DEMAND_SECTION', 'any', true);
  const dimensions = demandRows[0]!.length;
  const demandSec = raw.sections.get('DEMAND_SECTION')!;
  for (const row of demandSec.rows) {
    if (row.tokens.length - 1 !== dimensions) throw new ParseError(file, row.line, 'DEMAND_SECTION', `expected ${dimensions} demand value(s) like the first row`);
  }
  const capH = requireHeader('CAPACITY');
  const capTokens = capH.value.split(/\s+/);
  let capacity = capTokens.map((tok) => parseNumber(tok, file, capH.line, 'CAPACITY'));
  if (capacity.length === 1 && dimensions > 1) capacity = new Array(dimensions).fill(capacity[0]);
  if (capacity.length !== dimensions) throw new ParseError(file, capH.line, 'CAPACITY', `expected ${dimensions} value(s) to match DEMAND_SECTION`);

  // Times (all optional): a depot window becomes the shift.
  const serviceH = header('SERVICE_TIME');
  const serviceAll = serviceH ? parseNumber(serviceH.value, file, serviceH.line, 'SERVICE_TIME') : 0;
  const serviceRows = perNode('SERVICE_TIME_SECTION', 1, false);
  const windowRows = perNode('TIME_WINDOW_SECTION', 2, false);
  const releaseRows = perNode('RELEASE_TIME_SECTION', 1, false);
  for (const [i, w] of windowRows.entries()) {
    if (w && w[0]! > w[1]!) {
      const row = raw.sections.get('TIME_WINDOW_SECTION')!.rows.find((r) => Number(r.tokens[0]) === i + 1)!;
      throw new ParseError(file, row.line, 'TIME_WINDOW_SECTION', `window of node ${i + 1} ends before it starts`);
    }
  }

  const jobs: Job[] = [];
  for (let loc = 0; loc < n; loc++) {
    if (loc === depot) continue;
    const w = windowRows[loc];
    jobs.push({
      id: String(jobs.length + 1),
      location: loc,
      demand: demandRows[loc]!.slice(),
      service: serviceRows[loc] ? serviceRows[loc]![0]! : serviceAll,
      timeWindows: w ? [{ start: w[0]!, end: w[1]! }] : [],
      release: releaseRows[loc] ? releaseRows[loc]![0]! : 0,
      optional: false,
      penalty: 0,
    });
  }

  // Fleet: VEHICLES if given, else the HGS-CVRP rule for an unlimited fleet.
  const vehH = header('VEHICLES');
  const totalDemand = jobs.reduce((s, j) => s + j.demand[0]!, 0);
  const fleetSize = vehH
    ? parseInteger(vehH.value, file, vehH.line, 'VEHICLES', 1)
    : Math.ceil((1.3 * totalDemand) / capacity[0]!) + 3;
  const distH = header('DISTANCE');
  const maxDistance = distH ? parseNumber(distH.value, file, distH.line, 'DISTANCE') : Number.POSITIVE_INFINITY;
  const depotWindow = windowRows[depot];
  const reloading = readReloadDepots(raw, file, fleetSize, depot);
  const profile = options.profile ?? DEFAULT_PROFILE;
  const vehicles: Vehicle[] = [];
  for (let k = 0; k < fleetSize; k++) {
    vehicles.push({
      id: String(k + 1),
      profile,
      start: depot,
      end: depot,
      capacity: capacity.slice(),
      shift: depotWindow ? { start: depotWindow[0]!, end: depotWindow[1]! } : { start: 0, end: Number.POSITIVE_INFINITY },
      fixedCost: 0,
      costPerDistance: 1,
      costPerTime: 0,
      maxDistance,
      maxDuration: Number.POSITIVE_INFINITY,
      // A reload-capable vehicle may make as many trips as there are jobs.
      maxTrips: reloading.has(k) ? Math.max(1, jobs.length) : 1,
      reloadTime: 0,
    });
  }

  const problem: Problem = {
    name,
    dimensions,
    locationCount: n,
    matrices: { [profile]: { distance, duration: distance } },
    depots: [depot],
    jobs,
    vehicles,
  };
  if (coordinates) problem.coordinates = coordinates;
  if (metric) problem.metric = metric;
  return problem;
}

/** VEHICLES_RELOAD_DEPOT_SECTION rows "vehicle depot": the vehicles allowed to reload. */
function readReloadDepots(raw: RawFile, file: string, fleetSize: number, depot: number): Set<number> {
  const out = new Set<number>();
  const sec = raw.sections.get('VEHICLES_RELOAD_DEPOT_SECTION');
  if (!sec) return out;
  for (const row of sec.rows) {
    const v = parseInteger(row.tokens[0], file, row.line, 'VEHICLES_RELOAD_DEPOT_SECTION', 1);
    if (v > fleetSize) throw new ParseError(file, row.line, 'VEHICLES_RELOAD_DEPOT_SECTION', `vehicle ${v} exceeds VEHICLES ${fleetSize}`);
    if (row.tokens.length < 2) throw new ParseError(file, row.line, 'VEHICLES_RELOAD_DEPOT_SECTION', 'expected "vehicle depot"');
    for (const tok of row.tokens.slice(1)) {
      const d = parseInteger(tok, file, row.line, 'VEHICLES_RELOAD_DEPOT_SECTION', 1);
      if (d - 1 !== depot) throw new ParseError(file, row.line, 'VEHICLES_RELOAD_DEPOT_SECTION', `reload depot ${d} is not the depot ${depot + 1}`);
    }
    out.add(v - 1);
  }
  return out;
}

/** EXPLICIT edge weights in any of the TSPLIB matrix layouts, into a full symmetric matrix. */
function readExplicit(raw: RawFile, file: string, n: number): Float64Array {
  const fmtH = raw.headers.get('EDGE_WEIGHT_FORMAT');
  if (!fmtH) throw new ParseError(file, undefined, 'EDGE_WEIGHT_FORMAT', 'missing field (required with EDGE_WEIGHT_TYPE EXPLICIT)');
  const sec = raw.sections.get('EDGE_WEIGHT_SECTION');
  if (!sec) throw new ParseError(file, undefined, 'EDGE_WEIGHT_SECTION', 'missing section');
  const values: number[] = [];
  const lines: number[] = [];
  for (const row of sec.rows) {
    for (const tok of row.tokens) {
      values.push(parseNumber(tok, file, row.line, 'EDGE_WEIGHT_SECTION'));
      lines.push(row.line);
    }
  }
  const m = new Float64Array(n * n);
  // Cells (i, j) in reading order for each layout; symmetric layouts mirror.
  const cells: Array<[number, number]> = [];
  switch (fmtH.value) {
    case 'FULL_MATRIX':
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cells.push([i, j]);
      break;
    case 'LOWER_ROW':
      for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) cells.push([i, j]);
      break;
    case 'LOWER_DIAG_ROW':
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) cells.push([i, j]);
      break;
    case 'UPPER_ROW':
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) cells.push([i, j]);
      break;
    case 'UPPER_DIAG_ROW':
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) cells.push([i, j]);
      break;
    default:
      throw new ParseError(file, fmtH.line, 'EDGE_WEIGHT_FORMAT', `unsupported value "${fmtH.value}" (supported: FULL_MATRIX, LOWER_ROW, UPPER_ROW, LOWER_DIAG_ROW, UPPER_DIAG_ROW)`);
  }
  if (values.length !== cells.length) {
    throw new ParseError(file, lines.at(-1) ?? sec.line, 'EDGE_WEIGHT_SECTION', `expected ${cells.length} weights for ${fmtH.value} with DIMENSION ${n}, got ${values.length}`);
  }
  const full = fmtH.value === 'FULL_MATRIX';
  for (let k = 0; k < cells.length; k++) {
    const [i, j] = cells[k]!;
    m[i * n + j] = values[k]!;
    if (!full) m[j * n + i] = values[k]!;
  }
  return m;
}

// Reader for Solomon VRPTW text files (name; VEHICLE NUMBER/CAPACITY; CUSTOMER rows).
// Conventions of the set: customer 0 is the depot and its window is the shift; exact Euclidean
// distances in double precision; travel duration = distance; cost = distance; the fleet is the
// given number of vehicles. Job i is customer i+1 (id "i+1", location i+1). Pure: text in.
import { ParseError } from '../errors.js';
import type { Job, Problem, Vehicle } from '../model.js';
import { distanceMatrix } from '../../geo/metrics.js';
import { numberedLines, parseInteger, parseNumber } from './numbers.js';
import { DEFAULT_PROFILE } from './vrplib.js';

const CUSTOMER_FIELDS = ['CUST NO.', 'XCOORD.', 'YCOORD.', 'DEMAND', 'READY TIME', 'DUE DATE', 'SERVICE TIME'];

export function readSolomon(text: string, file: string): Problem {
  const lines = numberedLines(text);
  if (lines.length === 0) throw new ParseError(file, undefined, 'name', 'empty file');
  const name = lines[0]!.text;
  const at = (keyword: string) => {
    const k = lines.findIndex((l) => l.text.toUpperCase() === keyword);
    if (k < 0) throw new ParseError(file, undefined, keyword, 'missing section');
    return k;
  };

  // VEHICLE, then the "NUMBER CAPACITY" header, then the two values.
  const v = at('VEHICLE');
  const vehicleRow = lines[v + 2];
  if (!vehicleRow || !/^NUMBER\s+CAPACITY$/i.test(lines[v + 1]?.text ?? '')) {
    throw new ParseError(file, lines[v + 1]?.line ?? lines[v]!.line, 'VEHICLE', 'expected a "NUMBER CAPACITY" header and a row of two values');
  }
  const vTokens = vehicleRow.text.split(/\s+/);
  if (vTokens.length !== 2) throw new ParseError(file, vehicleRow.line, 'VEHICLE', `expected 2 values (NUMBER CAPACITY), got ${vTokens.length}`);
  const fleetSize = parseInteger(vTokens[0], file, vehicleRow.line, 'NUMBER', 1);
  const capacity = parseNumber(vTokens[1], file, vehicleRow.line, 'CAPACITY');

  // CUSTOMER, a header row, then one row of 7 values per customer, the depot (0) first.
  const c = at('CUSTOMER');
  const rows = lines.slice(c + 2);
  if (!lines[c + 1] || !/^CUST/i.test(lines[c + 1]!.text)) {
    throw new ParseError(file, lines[c]!.line, 'CUSTOMER', 'expected the column header row after CUSTOMER');
  }
  if (rows.length < 2) throw new ParseError(file, lines[c]!.line, 'CUSTOMER', 'need the depot and at least one customer');
  const coordinates: Array<[number, number]> = [];
  const jobs: Job[] = [];
  let shift = { start: 0, end: Number.POSITIVE_INFINITY };
  for (let k = 0; k < rows.length; k++) {
    const { line, text: t } = rows[k]!;
    const tokens = t.split(/\s+/);
    if (tokens.length !== 7) throw new ParseError(file, line, 'CUSTOMER', `expected 7 values (${CUSTOMER_FIELDS.join(', ')}), got ${tokens.length}`);
    const values = tokens.map((tok, i) => parseNumber(tok, file, line, CUSTOMER_FIELDS[i]!));
    const [id, x, y, demand, ready, due, service] = values as [number, number, number, number, number, number, number];
    if (id !== k) throw new ParseError(file, line, 'CUST NO.', `expected customer ${k} (rows in order, depot 0 first), got ${id}`);
    if (ready > due) throw new ParseError(file, line, 'DUE DATE', `due date ${due} before ready time ${ready}`);
    coordinates.push([x, y]);
    if (k === 0) {
      shift = { start: ready, end: due };
      continue;
    }
    jobs.push({
      id: String(k),
      location: k,
      demand: [demand],
      service,
      timeWindows: [{ start: ready, end: due }],
      release: 0,
      optional: false,
      penalty: 0,
    });
  }

  const distance = distanceMatrix(coordinates, 'euclidean');
  const vehicles: Vehicle[] = [];
  for (let k = 0; k < fleetSize; k++) {
    vehicles.push({
      id: String(k + 1),
      profile: DEFAULT_PROFILE,
      start: 0,
      end: 0,
      capacity: [capacity],
      shift: { ...shift },
      fixedCost: 0,
      costPerDistance: 1,
      costPerTime: 0,
      maxDistance: Number.POSITIVE_INFINITY,
      maxDuration: Number.POSITIVE_INFINITY,
      maxTrips: 1,
      reloadTime: 0,
    });
  }
  return {
    name,
    dimensions: 1,
    locationCount: coordinates.length,
    coordinates,
    metric: 'euclidean',
    matrices: { [DEFAULT_PROFILE]: { distance, duration: distance } },
    depots: [0],
    jobs,
    vehicles,
  };
}

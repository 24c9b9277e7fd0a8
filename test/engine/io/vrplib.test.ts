import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/engine/errors.js';
import { readVrplib } from '../../../src/engine/io/vrplib.js';

const SMALL = `NAME : tiny
TYPE : CVRP
DIMENSION : 4
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 10
NODE_COORD_SECTION
1 0 0
2 3 4
3 0 1.4
4 6 8
DEMAND_SECTION
1 0
2 4
3 5
4 6
DEPOT_SECTION
1
-1
EOF
`;

function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    return err as ParseError;
  }
  throw new Error('expected a ParseError');
}

describe('readVrplib', () => {
  it('reads a CVRPLIB X instance with the HGS fleet rule and TSPLIB rounding', () => {
    const p = readVrplib(readFileSync('bench/instances/cvrp/X-n101-k25.vrp', 'utf8'), 'X-n101-k25.vrp');
    expect(p.name).toBe('X-n101-k25');
    expect(p.locationCount).toBe(101);
    expect(p.jobs).toHaveLength(100);
    expect(p.jobs[0]).toMatchObject({ id: '1', location: 1, service: 0, timeWindows: [], optional: false });
    const totalDemand = p.jobs.reduce((s, j) => s + j.demand[0]!, 0);
    expect(p.vehicles).toHaveLength(Math.ceil((1.3 * totalDemand) / 206) + 3);
    expect(p.vehicles[0]).toMatchObject({ capacity: [206], costPerDistance: 1, costPerTime: 0, fixedCost: 0, maxTrips: 1, start: 0, end: 0 });
    expect(p.vehicles[0]!.shift.end).toBe(Infinity);
    expect(p.metric).toBe('euc2d-round');
    // Depot (365, 689) to node 2 (146, 180): sqrt(219² + 509²) = 554.11 -> 554.
    expect(p.matrices['default']!.distance[1]).toBe(554);
  });

  it('rounds EUC_2D to the nearest integer, or truncates to a tenth on request', () => {
    const p = readVrplib(SMALL, 'tiny.vrp');
    const d = p.matrices['default']!.distance;
    expect([d[1], d[2], d[3]]).toEqual([5, 1, 10]);
    const t = readVrplib(SMALL, 'tiny.vrp', { metric: 'euclidean-trunc1' });
    expect(t.matrices['default']!.distance[2]).toBe(1.4);
    // (3, 4) to (0, 1.4): sqrt(9 + 6.76) = 3.9699 -> 3.9
    expect(t.matrices['default']!.distance[1 * 4 + 2]).toBe(3.9);
  });

  it.each([
    ['FULL_MATRIX', '0 1 2\n1 0 3\n2 3 0'],
    ['LOWER_ROW', '1\n2 3'],
    ['UPPER_ROW', '1 2\n3'],
    ['LOWER_DIAG_ROW', '0\n1 0\n2 3 0'],
    ['UPPER_DIAG_ROW', '0 1 2\n0 3\n0'],
  ])('reads EXPLICIT %s', (format, weights) => {
    const text = `NAME : e\nDIMENSION : 3\nCAPACITY : 5\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : ${format}\nEDGE_WEIGHT_SECTION\n${weights}\nDEMAND_SECTION\n1 0\n2 1\n3 1\nDEPOT_SECTION\n1\n-1\nEOF\n`;
    const p = readVrplib(text, 'e.vrp');
    expect(Array.from(p.matrices['default']!.distance)).toEqual([0, 1, 2, 1, 0, 3, 2, 3, 0]);
    expect(p.coordinates).toBeUndefined();
  });

  it('rejects an EXPLICIT section with the wrong number of weights', () => {
    const text = `NAME : e\nDIMENSION : 3\nCAPACITY : 5\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : LOWER_ROW\nEDGE_WEIGHT_SECTION\n1\n2\nDEMAND_SECTION\n1 0\n2 1\n3 1\nDEPOT_SECTION\n1\n-1\n`;
    expect(parseError(() => readVrplib(text, 'e.vrp')).message).toBe('e.vrp:8: EDGE_WEIGHT_SECTION: expected 3 weights for LOWER_ROW with DIMENSION 3, got 2');
  });

  it('reads the MTVRPTWR extensions: vehicles, service, windows, releases, reloads, DIMACS rounding', () => {
    const p = readVrplib(readFileSync('bench/instances/mtvrptwr/C201R0.25.vrp', 'utf8'), 'C201R0.25.vrp');
    expect(p.vehicles).toHaveLength(8);
    expect(p.metric).toBe('euclidean-trunc1');
    expect(p.vehicles[0]!.shift).toEqual({ start: 0, end: 3390 });
    expect(p.vehicles[0]!.maxTrips).toBe(100);
    expect(p.jobs[0]).toMatchObject({ service: 90, timeWindows: [{ start: 311, end: 471 }], release: 0, demand: [10] });
    expect(p.jobs.some((j) => j.release > 0)).toBe(true);
  });

  it('rejects a missing section naming it', () => {
    const e = parseError(() => readVrplib(SMALL.replace(/DEMAND_SECTION[\s\S]*?DEPOT/, 'DEPOT'), 'tiny.vrp'));
    expect(e.field).toBe('DEMAND_SECTION');
    expect(e.message).toBe('tiny.vrp: DEMAND_SECTION: missing section');
  });

  it('names the line and field of a bad number', () => {
    const e = parseError(() => readVrplib(SMALL.replace('3 0 1.4', '3 0 1,4'), 'tiny.vrp'));
    expect(e.line).toBe(9);
    expect(e.field).toBe('NODE_COORD_SECTION');
    expect(e.message).toBe('tiny.vrp:9: NODE_COORD_SECTION: not a number: "1,4"');
  });

  it('rejects unknown fields and sections, bad DIMENSION, missing nodes', () => {
    expect(parseError(() => readVrplib(SMALL.replace('TYPE : CVRP', 'FOO : 1'), 't.vrp')).message).toBe('t.vrp:2: FOO: unsupported field');
    expect(parseError(() => readVrplib(SMALL.replace('DEPOT_SECTION', 'BACKHAUL_SECTION\n1\nDEPOT_SECTION'), 't.vrp')).field).toBe('BACKHAUL_SECTION');
    expect(parseError(() => readVrplib(SMALL.replace('DIMENSION : 4', 'DIMENSION : four'), 't.vrp')).message).toBe('t.vrp:3: DIMENSION: not a number: "four"');
    expect(parseError(() => readVrplib(SMALL.replace('4 6\nDEPOT', 'DEPOT'), 't.vrp')).message).toMatch(/DEMAND_SECTION: node 4 missing/);
    expect(parseError(() => readVrplib(SMALL.replace('EUC_2D', 'GEO'), 't.vrp')).field).toBe('EDGE_WEIGHT_TYPE');
    expect(parseError(() => readVrplib(SMALL.replace('CAPACITY : 10\n', ''), 't.vrp')).message).toBe('t.vrp: CAPACITY: missing field');
  });
});

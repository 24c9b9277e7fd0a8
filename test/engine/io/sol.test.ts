import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../../src/engine/check.js';
import { ParseError } from '../../../src/engine/errors.js';
import { detectFormat, readProblem, readSolution } from '../../../src/engine/io/index.js';
import { formatCost, readSol, writeSol } from '../../../src/engine/io/sol.js';
import { readVrplib } from '../../../src/engine/io/vrplib.js';

const X = readVrplib(readFileSync('bench/instances/cvrp/X-n101-k25.vrp', 'utf8'), 'X-n101-k25.vrp');
const MT = readVrplib(readFileSync('bench/instances/mtvrptwr/C201R0.25.vrp', 'utf8'), 'C201R0.25.vrp');

describe('.sol files', () => {
  it('round-trips a CVRPLIB solution: write then read gives the same routes and cost', () => {
    const original = readSol(readFileSync('bench/instances/cvrp/X-n101-k25.sol', 'utf8'), 'x.sol', X);
    const cost = check(X, original.solution).cost.total;
    const text = writeSol(original.solution, cost);
    expect(text.split('\n')[0]).toBe('Route #1: 31 46 35');
    expect(text).toMatch(/\nCost 27591\n$/);
    const again = readSol(text, 'again.sol', X);
    expect(again.solution).toEqual(original.solution);
    expect(again.cost).toBe(27591);
  });

  it('reads reloads (0 inside a route) as trips and writes them back the same way', () => {
    const sol = readSol(readFileSync('bench/instances/mtvrptwr/C201R0.25.sol', 'utf8'), 'mt.sol', MT);
    expect(sol.cost).toBe(15006);
    // "Route #2: 63 62 66 0 68 65 49 55 54 59 44"
    expect(sol.solution.routes[1]!.trips).toEqual([[62, 61, 65], [67, 64, 48, 54, 53, 58, 43]]);
    expect(sol.solution.unassigned).toEqual([]);
    const text = writeSol(sol.solution, check(MT, sol.solution).cost.total);
    expect(text.split('\n')[1]).toBe('Route #2: 63 62 66 0 68 65 49 55 54 59 44');
    expect(text).toMatch(/\nCost 1500\.6\n$/);
    expect(readSol(text, 'again.sol', MT).solution).toEqual(sol.solution);
  });

  it('returns customers missing from every route as unassigned and unknown customers as references', () => {
    const sol = readSol('Route #1: 1 2 3 101 102\nCost 10\n', 's.sol', X);
    expect(sol.solution.unassigned).toHaveLength(97);
    expect(sol.unknown).toEqual(['line 1: Route #1: unknown customer 101 (the problem has 100)', 'line 1: Route #1: unknown customer 102 (the problem has 100)']);
  });

  it('names the line of a bad token', () => {
    try {
      readSol('Route #1: 1 2\nRoute #2: 3 x4\n', 's.sol', X);
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(ParseError);
      expect((err as ParseError).message).toBe('s.sol:2: Route #2: not a number: "x4"');
    }
    expect(() => readSol('hello world\n', 's.sol', X)).toThrow('s.sol:1: line: expected "Route #k: …" or "Cost N"');
  });

  it('formats costs as integers when whole', () => {
    expect(formatCost(27591)).toBe('27591');
    expect(formatCost(1500.6000000000001)).toBe('1500.6');
    expect(formatCost(828.9368669428338)).toBe('828.936867');
  });
});

describe('format detection', () => {
  it('detects by extension, then by content', () => {
    expect(detectFormat('', 'a.json')).toBe('vroom');
    expect(detectFormat('', 'a.vrp')).toBe('cvrplib');
    expect(detectFormat(readFileSync('bench/instances/vrptw/R101.txt', 'utf8'), 'R101.txt')).toBe('solomon');
    expect(detectFormat('NAME : x\nTYPE : CVRP\n', 'noext')).toBe('cvrplib');
    expect(() => detectFormat('hello', 'x.dat')).toThrow('x.dat: format: cannot tell the format');
  });

  it('reads solutions in either format', () => {
    const p = readProblem(readFileSync('bench/instances/cvrp/X-n101-k25.vrp', 'utf8'), 'X-n101-k25.vrp');
    const s = readSolution(readFileSync('bench/instances/cvrp/X-n101-k25.sol', 'utf8'), 'x.sol', p);
    expect(s.statedCost).toBe(27591);
    expect(s.solution.routes).toHaveLength(26);
  });
});

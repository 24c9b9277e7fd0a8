import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/engine/errors.js';
import { readSolomon } from '../../../src/engine/io/solomon.js';

const C101 = readFileSync('bench/instances/vrptw/C101.txt', 'utf8');

describe('readSolomon', () => {
  it('reads C101: fleet, depot window as shift, exact Euclidean distances', () => {
    const p = readSolomon(C101, 'C101.txt');
    expect(p.name).toBe('C101');
    expect(p.vehicles).toHaveLength(25);
    expect(p.vehicles[0]).toMatchObject({ capacity: [200], shift: { start: 0, end: 1236 }, costPerDistance: 1, costPerTime: 0 });
    expect(p.jobs).toHaveLength(100);
    expect(p.jobs[0]).toMatchObject({ id: '1', location: 1, demand: [10], service: 90, timeWindows: [{ start: 912, end: 967 }] });
    const d = p.matrices['default']!;
    expect(d.distance[1]).toBeCloseTo(Math.hypot(5, 18), 12);
    expect(d.duration).toBe(d.distance);
  });

  it('names the line and column of a bad value', () => {
    const bad = C101.replace(/^( +3 +42 +66 +10 +)65/m, '$1six');
    expect(bad).not.toBe(C101);
    try {
      readSolomon(bad, 'C101.txt');
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(ParseError);
      expect((err as ParseError).message).toBe('C101.txt:13: READY TIME: not a number: "six"');
    }
  });

  it('rejects a missing VEHICLE section and short rows', () => {
    expect(() => readSolomon(C101.replace('VEHICLE', 'VEHICLES'), 'c.txt')).toThrow('c.txt: VEHICLE: missing section');
    const short = C101.replace(/^( +5 +42 +65 +10 +15 +67) +90/m, '$1');
    expect(short).not.toBe(C101);
    expect(() => readSolomon(short, 'c.txt')).toThrow(/c\.txt:15: CUSTOMER: expected 7 values/);
  });
});

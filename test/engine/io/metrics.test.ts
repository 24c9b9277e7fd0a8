import { describe, expect, it } from 'vitest';
import { distanceMatrix, durationMatrixFromDistances, metricDistance } from '../../../src/geo/metrics.js';
import { haversineMetres } from '../../../src/geo/haversine.js';

describe('metrics', () => {
  it('applies each rounding rule', () => {
    // 3-4-5 triangle scaled: sqrt(2.5² + 1²) = 2.6926
    expect(metricDistance('euclidean', 0, 0, 2.5, 1)).toBeCloseTo(2.6926, 4);
    expect(metricDistance('euc2d-round', 0, 0, 2.5, 1)).toBe(3);
    expect(metricDistance('euc2d-round', 0, 0, 1, 1)).toBe(1); // 1.414 -> 1
    expect(metricDistance('euclidean-trunc1', 0, 0, 2.5, 1)).toBe(2.6);
    expect(metricDistance('euclidean-trunc1', 0, 0, 3, 4)).toBe(5);
    expect(metricDistance('haversine', 2.35, 48.85, 2.38, 48.72)).toBe(haversineMetres(2.35, 48.85, 2.38, 48.72));
  });

  it('builds symmetric matrices with a zero diagonal', () => {
    const m = distanceMatrix([[0, 0], [3, 4], [6, 8]], 'euc2d-round');
    expect(Array.from(m)).toEqual([0, 5, 10, 5, 0, 5, 10, 5, 0]);
    expect(Array.from(durationMatrixFromDistances(m, 5))).toEqual([0, 1, 2, 1, 0, 1, 2, 1, 0]);
    expect(() => durationMatrixFromDistances(m, 0)).toThrow('speed must be positive');
  });
});

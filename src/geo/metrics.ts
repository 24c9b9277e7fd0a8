// Distance matrices from coordinates under the metrics the benchmark sets and Relais use.
// Pure: no I/O. Matrices are row-major n×n Float64Array.
import { haversineMetres } from './haversine.js';

export type CoordinateMetric = 'euc2d-round' | 'euclidean' | 'euclidean-trunc1' | 'haversine';

/** Distance between two points under `metric`; haversine reads points as [lon, lat] degrees. */
export function metricDistance(metric: CoordinateMetric, x1: number, y1: number, x2: number, y2: number): number {
  switch (metric) {
    case 'haversine':
      return haversineMetres(x1, y1, x2, y2);
    // sqrt rather than Math.hypot: sqrt is correctly rounded, so we match the reference
    // implementations (TSPLIB, DIMACS) bit for bit.
    case 'euclidean':
      return euclid(x1, y1, x2, y2);
    case 'euc2d-round':
      // TSPLIB nint: floor(d + 0.5).
      return Math.floor(euclid(x1, y1, x2, y2) + 0.5);
    case 'euclidean-trunc1':
      // DIMACS convention: truncate to one decimal.
      return Math.floor(10 * euclid(x1, y1, x2, y2)) / 10;
    default: {
      const never: never = metric;
      throw new Error(`unknown metric ${String(never)}`);
    }
  }
}

function euclid(x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  return Math.sqrt(dx * dx + dy * dy);
}

/** n×n distance matrix over `coordinates` ([x, y] or [lon, lat]). The diagonal is 0. */
export function distanceMatrix(coordinates: ReadonlyArray<readonly [number, number]>, metric: CoordinateMetric): Float64Array {
  const n = coordinates.length;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const [xi, yi] = coordinates[i]!;
    for (let j = i + 1; j < n; j++) {
      const [xj, yj] = coordinates[j]!;
      const d = metricDistance(metric, xi, yi, xj, yj);
      m[i * n + j] = d;
      m[j * n + i] = d;
    }
  }
  return m;
}

/** Duration matrix derived from a distance matrix at a constant speed (distance units per time unit). */
export function durationMatrixFromDistances(distances: Float64Array, speed: number): Float64Array {
  if (!(speed > 0)) throw new Error(`speed must be positive, got ${speed}`);
  const out = new Float64Array(distances.length);
  for (let k = 0; k < distances.length; k++) out[k] = distances[k]! / speed;
  return out;
}

// Planar geometry primitives in metres for polygon work. A ring is a flat Float64Array
// [x0, y0, x1, y1, …] WITHOUT the closing repeat of the first vertex.

/** Boundary tolerance in metres: points this close to an edge count as on it. */
export const ON_EDGE_M = 1e-6;

/** Twice the signed area of triangle (a, b, c): > 0 when a → b → c turns left (counter-clockwise). */
export function cross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** Signed area of a ring: positive for counter-clockwise. */
export function ringSignedArea(ring: Float64Array): number {
  const n = ring.length / 2;
  let s = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) s += ring[2 * j]! * ring[2 * i + 1]! - ring[2 * i]! * ring[2 * j + 1]!;
  return s / 2;
}

/** Distance from point p to segment [a, b]. */
export function pointSegmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

export type RingSide = 'inside' | 'boundary' | 'outside';

/** Where a point lies relative to a ring (crossing-number test; the boundary within ON_EDGE_M is reported as such). */
export function pointInRing(ring: Float64Array, px: number, py: number): RingSide {
  const n = ring.length / 2;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = ring[2 * i]!;
    const yi = ring[2 * i + 1]!;
    const xj = ring[2 * j]!;
    const yj = ring[2 * j + 1]!;
    if (pointSegmentDistance(px, py, xj, yj, xi, yi) <= ON_EDGE_M) return 'boundary';
    // Half-open rule on y so a ray through a vertex is counted once.
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

/** Smallest distance from a point to any edge of a ring. */
export function pointRingDistance(ring: Float64Array, px: number, py: number): number {
  const n = ring.length / 2;
  let best = Infinity;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const d = pointSegmentDistance(px, py, ring[2 * j]!, ring[2 * j + 1]!, ring[2 * i]!, ring[2 * i + 1]!);
    if (d < best) best = d;
  }
  return best;
}

/** Smallest distance between segments [a, b] and [c, d] (0 when they touch or cross). */
export function segmentSegmentDistance(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): number {
  if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) return 0;
  return Math.min(
    pointSegmentDistance(ax, ay, cx, cy, dx, dy),
    pointSegmentDistance(bx, by, cx, cy, dx, dy),
    pointSegmentDistance(cx, cy, ax, ay, bx, by),
    pointSegmentDistance(dx, dy, ax, ay, bx, by),
  );
}

function onSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): boolean {
  return pointSegmentDistance(px, py, ax, ay, bx, by) <= ON_EDGE_M;
}

/** True when closed segments [a, b] and [c, d] share at least one point (touching counts). */
export function segmentsIntersect(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): boolean {
  const d1 = cross(cx, cy, dx, dy, ax, ay);
  const d2 = cross(cx, cy, dx, dy, bx, by);
  const d3 = cross(ax, ay, bx, by, cx, cy);
  const d4 = cross(ax, ay, bx, by, dx, dy);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    onSegment(ax, ay, cx, cy, dx, dy) ||
    onSegment(bx, by, cx, cy, dx, dy) ||
    onSegment(cx, cy, ax, ay, bx, by) ||
    onSegment(dx, dy, ax, ay, bx, by)
  );
}

/** True when two non-adjacent edges of the ring touch or cross (O(n²); rings here have tens to hundreds of vertices). */
export function ringSelfIntersects(ring: Float64Array): boolean {
  const n = ring.length / 2;
  if (n < 4) return false;
  for (let i = 0; i < n; i++) {
    const i2 = (i + 1) % n;
    for (let j = i + 1; j < n; j++) {
      const j2 = (j + 1) % n;
      if (j === i2 || j2 === i) continue; // adjacent edges share a vertex by construction
      if (
        segmentsIntersect(
          ring[2 * i]!, ring[2 * i + 1]!, ring[2 * i2]!, ring[2 * i2 + 1]!,
          ring[2 * j]!, ring[2 * j + 1]!, ring[2 * j2]!, ring[2 * j2 + 1]!,
        )
      ) {
        return true;
      }
    }
  }
  return false;
}

/** Twice-area below which three points count as collinear (m²): projection round trips leave ~1e-10 m noise. */
export const FLAT_M2 = 1e-6;

/** Convex hull (Andrew's monotone chain), counter-clockwise, collinear points dropped. */
export function convexHull(ring: Float64Array): Float64Array {
  const n = ring.length / 2;
  const idx = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => ring[2 * a]! - ring[2 * b]! || ring[2 * a + 1]! - ring[2 * b + 1]!,
  );
  const hull: number[] = [];
  const build = (order: number[]): number[] => {
    const out: number[] = [];
    for (const k of order) {
      const x = ring[2 * k]!;
      const y = ring[2 * k + 1]!;
      while (out.length >= 4) {
        const l = out.length;
        if (cross(out[l - 4]!, out[l - 3]!, out[l - 2]!, out[l - 1]!, x, y) <= FLAT_M2) out.length -= 2;
        else break;
      }
      out.push(x, y);
    }
    return out;
  };
  const lower = build(idx);
  const upper = build([...idx].reverse());
  hull.push(...lower.slice(0, -2), ...upper.slice(0, -2));
  return Float64Array.from(hull);
}

// Shortest flight path between two points around no-fly zones.
//
// Method: each applicable zone becomes an obstacle = its outer ring offset outwards by the zone's
// buffer (mitered corners; wide convex corners get extra vertices so the offset stays within ~41 % of
// the buffer at corners; if the offset ring would cross itself, because the buffer is wider than a notch,
// the convex hull is offset instead, which is conservative). A path may run along an obstacle's boundary
// but never through its interior. The shortest such path bends only at convex obstacle vertices, so
// a visibility graph over those vertices + Dijkstra gives the exact shortest path among the obstacles.
//
// Cost: prepareAirspace is O(V²·E) once per zone set and time/altitude filter (V convex buffered
// vertices, E obstacle edges; 5 zones × 20 vertices ≈ 100 × 100 pairs × 100 edges ≈ 1 ms). detour(a, b)
// is O(E) when the straight leg is clear, else O(V·E) visibility from both ends + O(V²) Dijkstra.
// detourMatrix for n points runs one Dijkstra per source: O(n·V·E + n·V² + n²·(E + V)).
//
// Holes in zones are not flown through: a point inside a hole is enclosed by the zone ('endpoint_enclosed').

import { haversineMetres } from './haversine.js';
import { convexHull, cross, FLAT_M2, ON_EDGE_M, pointInRing, ringSelfIntersects, ringSignedArea } from './planar.js';
import { type LocalProjection, type LonLat, localProjection } from './projection.js';
import { type NoFlyZone, type ProjectedZone, projectedPointDistance, projectZone, type ZoneFilter, zoneApplies } from './zones.js';

interface Obstacle {
  zoneId: string;
  /** Buffered outer ring, counter-clockwise, flat [x, y, …]. */
  ring: Float64Array;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface PreparedAirspace {
  readonly projection: LocalProjection;
  readonly zones: readonly NoFlyZone[];
  readonly projectedZones: readonly ProjectedZone[];
  readonly obstacles: readonly Obstacle[];
  /** Visibility-graph nodes, flat [x, y, …]. */
  readonly nodes: Float64Array;
  readonly nodeCount: number;
  /** nodeCount × nodeCount planar distances, Infinity where not visible. */
  readonly adjacency: Float64Array;
}

export type DetourFailure = 'endpoint_in_zone' | 'endpoint_in_buffer' | 'endpoint_enclosed' | 'no_path';

export type DetourResult =
  | { ok: true; path: LonLat[]; lengthM: number; detoured: boolean }
  | { ok: false; reason: DetourFailure; zoneId?: string };

export interface AirspaceOptions extends ZoneFilter {
  /** Projection origin; default: the centre of the zones' bounding box. Keep it within ~50 km of the traffic. */
  origin?: LonLat;
}

const T_EPS = 1e-9;

// ---------------------------------------------------------------------------------------------
// Buffering

/** Outward offset of a counter-clockwise ring by b metres; null when the result is not a simple ring. */
function offsetRing(ring: Float64Array, b: number): Float64Array | null {
  const n = ring.length / 2;
  if (b === 0) return ring;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const px = ring[2 * ((i + n - 1) % n)]!;
    const py = ring[2 * ((i + n - 1) % n) + 1]!;
    const vx = ring[2 * i]!;
    const vy = ring[2 * i + 1]!;
    const qx = ring[2 * ((i + 1) % n)]!;
    const qy = ring[2 * ((i + 1) % n) + 1]!;
    const l1 = Math.hypot(vx - px, vy - py);
    const l2 = Math.hypot(qx - vx, qy - vy);
    const t1x = (vx - px) / l1;
    const t1y = (vy - py) / l1;
    const t2x = (qx - vx) / l2;
    const t2y = (qy - vy) / l2;
    // Outward normals of a CCW ring point to the right of the direction of travel.
    const n1x = t1y;
    const n1y = -t1x;
    const n2x = t2y;
    const n2y = -t2x;
    const turn = Math.atan2(t1x * t2y - t1y * t2x, t1x * t2x + t1y * t2y); // > 0: convex (left turn)
    if (turn >= 0) {
      // Circumscribe the buffer arc from n1 to n2 with m pieces of at most 90° each.
      const m = Math.max(1, Math.ceil(turn / (Math.PI / 2) - 1e-9));
      const reach = b / Math.cos(turn / (2 * m));
      const a0 = Math.atan2(n1y, n1x);
      for (let k = 0; k < m; k++) {
        const a = a0 + ((k + 0.5) * turn) / m;
        out.push(vx + reach * Math.cos(a), vy + reach * Math.sin(a));
      }
    } else {
      const denom = 1 + n1x * n2x + n1y * n2y;
      if (denom < 1e-6) return null; // a needle-thin notch: fall back to the hull
      out.push(vx + (b * (n1x + n2x)) / denom, vy + (b * (n1y + n2y)) / denom);
    }
  }
  const result = Float64Array.from(out);
  return ringSelfIntersects(result) || ringSignedArea(result) <= 0 ? null : result;
}

function bufferedObstacle(zoneId: string, outer: Float64Array, bufferM: number): Obstacle {
  let ring = outer;
  if (ringSignedArea(ring) < 0) ring = reverseRing(ring);
  const ring2 = offsetRing(ring, bufferM) ?? offsetRing(convexHull(ring), bufferM)!;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < ring2.length; i += 2) {
    minX = Math.min(minX, ring2[i]!);
    maxX = Math.max(maxX, ring2[i]!);
    minY = Math.min(minY, ring2[i + 1]!);
    maxY = Math.max(maxY, ring2[i + 1]!);
  }
  return { zoneId, ring: ring2, minX, minY, maxX, maxY };
}

function reverseRing(ring: Float64Array): Float64Array {
  const n = ring.length / 2;
  const out = new Float64Array(ring.length);
  for (let i = 0; i < n; i++) {
    out[2 * i] = ring[2 * (n - 1 - i)]!;
    out[2 * i + 1] = ring[2 * (n - 1 - i) + 1]!;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Visibility

/**
 * True when segment a → b passes through the obstacle's interior. Running along its boundary or
 * touching a vertex is allowed. The segment is cut at every contact with the boundary and the
 * middle of each piece is tested, which handles vertices, collinear edges and diagonals alike.
 */
function segmentBlocked(ob: Obstacle, ax: number, ay: number, bx: number, by: number): boolean {
  if (Math.max(ax, bx) <= ob.minX || Math.min(ax, bx) >= ob.maxX || Math.max(ay, by) <= ob.minY || Math.min(ay, by) >= ob.maxY) {
    return false;
  }
  const ring = ob.ring;
  const n = ring.length / 2;
  const dx = bx - ax;
  const dy = by - ay;
  const len = Math.hypot(dx, dy);
  if (len === 0) return pointInRing(ring, ax, ay) === 'inside';
  const ts: number[] = [0, 1];
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const px = ring[2 * j]!;
    const py = ring[2 * j + 1]!;
    const qx = ring[2 * i]!;
    const qy = ring[2 * i + 1]!;
    const ex = qx - px;
    const ey = qy - py;
    const denom = dx * ey - dy * ex;
    // Distances (m) of P and Q from the line a–b: decide parallel/collinear in metres, not in raw products.
    const dp = cross(ax, ay, bx, by, px, py) / len;
    const dq = cross(ax, ay, bx, by, qx, qy) / len;
    if (Math.abs(dp) <= ON_EDGE_M && Math.abs(dq) <= ON_EDGE_M) {
      // Collinear edge: its ends split the segment.
      ts.push(((px - ax) * dx + (py - ay) * dy) / (len * len), ((qx - ax) * dx + (qy - ay) * dy) / (len * len));
      continue;
    }
    if (denom === 0) continue;
    const t = ((px - ax) * ey - (py - ay) * ex) / denom;
    const u = ((px - ax) * dy - (py - ay) * dx) / denom;
    if (t <= -T_EPS || t >= 1 + T_EPS || u < -T_EPS || u > 1 + T_EPS) continue;
    // A transversal crossing through the inside of an edge always enters the interior.
    if (t > T_EPS && t < 1 - T_EPS && u > T_EPS && u < 1 - T_EPS && (dp > ON_EDGE_M || dp < -ON_EDGE_M) && (dq > ON_EDGE_M || dq < -ON_EDGE_M)) {
      return true;
    }
    ts.push(t);
  }
  ts.sort((p, q) => p - q);
  for (let k = 1; k < ts.length; k++) {
    const t0 = Math.max(0, ts[k - 1]!);
    const t1 = Math.min(1, ts[k]!);
    if ((t1 - t0) * len <= ON_EDGE_M) continue;
    const tm = (t0 + t1) / 2;
    if (pointInRing(ring, ax + tm * dx, ay + tm * dy) === 'inside') return true;
  }
  return false;
}

function visible(obstacles: readonly Obstacle[], ax: number, ay: number, bx: number, by: number): boolean {
  for (const ob of obstacles) if (segmentBlocked(ob, ax, ay, bx, by)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Preparation

function boundsCentre(zones: readonly NoFlyZone[]): LonLat {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const z of zones) {
    for (const poly of z.polygons) {
      for (const [lon, lat] of poly[0]!) {
        minLon = Math.min(minLon, lon);
        maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat);
        maxLat = Math.max(maxLat, lat);
      }
    }
  }
  return Number.isFinite(minLon) ? [(minLon + maxLon) / 2, (minLat + maxLat) / 2] : [0, 0];
}

/** Build the obstacles and the visibility graph for the zones that apply under `options` (time, altitude). */
export function prepareAirspace(allZones: readonly NoFlyZone[], options: AirspaceOptions = {}): PreparedAirspace {
  const zones = allZones.filter((z) => zoneApplies(z, options));
  const projection = options.origin ? localProjection(options.origin[0], options.origin[1]) : localProjection(...boundsCentre(zones));
  const projectedZones = zones.map((z) => projectZone(z, projection));
  const obstacles: Obstacle[] = [];
  for (const pz of projectedZones) {
    for (const rings of pz.polygons) obstacles.push(bufferedObstacle(pz.zone.id, rings[0]!, pz.zone.bufferM));
  }
  // Nodes: convex vertices of each obstacle that are not inside another obstacle.
  const xy: number[] = [];
  for (const ob of obstacles) {
    const ring = ob.ring;
    const n = ring.length / 2;
    for (let i = 0; i < n; i++) {
      const p = (i + n - 1) % n;
      const q = (i + 1) % n;
      const x = ring[2 * i]!;
      const y = ring[2 * i + 1]!;
      if (cross(ring[2 * p]!, ring[2 * p + 1]!, x, y, ring[2 * q]!, ring[2 * q + 1]!) <= FLAT_M2) continue; // reflex or flat
      if (obstacles.some((other) => other !== ob && pointInRing(other.ring, x, y) === 'inside')) continue;
      xy.push(x, y);
    }
  }
  const nodes = Float64Array.from(xy);
  const nodeCount = nodes.length / 2;
  const adjacency = new Float64Array(nodeCount * nodeCount).fill(Infinity);
  for (let i = 0; i < nodeCount; i++) {
    adjacency[i * nodeCount + i] = 0;
    for (let j = i + 1; j < nodeCount; j++) {
      const ax = nodes[2 * i]!;
      const ay = nodes[2 * i + 1]!;
      const bx = nodes[2 * j]!;
      const by = nodes[2 * j + 1]!;
      if (visible(obstacles, ax, ay, bx, by)) {
        const d = Math.hypot(bx - ax, by - ay);
        adjacency[i * nodeCount + j] = d;
        adjacency[j * nodeCount + i] = d;
      }
    }
  }
  return { projection, zones, projectedZones, obstacles, nodes, nodeCount, adjacency };
}

// ---------------------------------------------------------------------------------------------
// Queries

interface Endpoint {
  x: number;
  y: number;
  lonLat: LonLat;
  failure?: { reason: DetourFailure; zoneId: string };
  /** Planar distance to each node it sees (Infinity otherwise); computed lazily. */
  sees?: Float64Array;
}

function endpoint(air: PreparedAirspace, p: LonLat): Endpoint {
  const [x, y] = air.projection.toXY(p[0], p[1]);
  for (const pz of air.projectedZones) {
    if (projectedPointDistance(pz, x, y) === 0) {
      return { x, y, lonLat: p, failure: { reason: 'endpoint_in_zone', zoneId: pz.zone.id } };
    }
  }
  for (let k = 0; k < air.obstacles.length; k++) {
    const ob = air.obstacles[k]!;
    if (pointInRing(ob.ring, x, y) === 'inside') {
      // Inside an outer ring yet not in the zone: in a hole, enclosed by the zone; otherwise in the buffer.
      const pz = air.projectedZones.find((z) => z.zone.id === ob.zoneId)!;
      const inHole = pz.polygons.some((rings) => pointInRing(rings[0]!, x, y) !== 'outside');
      return { x, y, lonLat: p, failure: { reason: inHole ? 'endpoint_enclosed' : 'endpoint_in_buffer', zoneId: ob.zoneId } };
    }
  }
  return { x, y, lonLat: p };
}

function sightlines(air: PreparedAirspace, e: Endpoint): Float64Array {
  if (e.sees) return e.sees;
  const sees = new Float64Array(air.nodeCount).fill(Infinity);
  for (let k = 0; k < air.nodeCount; k++) {
    const nx = air.nodes[2 * k]!;
    const ny = air.nodes[2 * k + 1]!;
    if (visible(air.obstacles, e.x, e.y, nx, ny)) sees[k] = Math.hypot(nx - e.x, ny - e.y);
  }
  e.sees = sees;
  return sees;
}

/** Dijkstra over the graph nodes from a source that sees some of them; O(V²) with arrays (V is small). */
function shortestFrom(air: PreparedAirspace, initial: Float64Array): { dist: Float64Array; prev: Int32Array } {
  const n = air.nodeCount;
  const dist = Float64Array.from(initial);
  const prev = new Int32Array(n).fill(-1); // -1: reached straight from the source
  const done = new Uint8Array(n);
  for (;;) {
    let u = -1;
    let best = Infinity;
    for (let k = 0; k < n; k++) if (!done[k] && dist[k]! < best) { best = dist[k]!; u = k; }
    if (u < 0) break;
    done[u] = 1;
    const row = u * n;
    for (let v = 0; v < n; v++) {
      const w = air.adjacency[row + v]!;
      if (w === Infinity || done[v]) continue;
      const nd = best + w;
      if (nd < dist[v]!) { dist[v] = nd; prev[v] = u; }
    }
  }
  return { dist, prev };
}

function pathLengthM(path: readonly LonLat[]): number {
  let s = 0;
  for (let i = 1; i < path.length; i++) s += haversineMetres(path[i - 1]![0], path[i - 1]![1], path[i]![0], path[i]![1]);
  return s;
}

/** Best route from a source (with its Dijkstra tree) to a target endpoint. */
function routeTo(
  air: PreparedAirspace,
  from: Endpoint,
  tree: { dist: Float64Array; prev: Int32Array },
  to: Endpoint,
): DetourResult {
  const sees = sightlines(air, to);
  let bestNode = -1;
  let best = Infinity;
  for (let k = 0; k < air.nodeCount; k++) {
    const d = tree.dist[k]! + sees[k]!;
    if (d < best) { best = d; bestNode = k; }
  }
  if (bestNode < 0) return { ok: false, reason: 'no_path' };
  const chain: number[] = [];
  for (let k = bestNode; k >= 0; k = tree.prev[k]!) chain.push(k);
  chain.reverse();
  const path: LonLat[] = [from.lonLat, ...chain.map((k) => air.projection.toLonLat(air.nodes[2 * k]!, air.nodes[2 * k + 1]!)), to.lonLat];
  return { ok: true, path, lengthM: pathLengthM(path), detoured: true };
}

/**
 * Shortest path from a to b avoiding the prepared zones and their buffers. lengthM is the sum of
 * great-circle lengths of the path's pieces; a clear straight leg returns [a, b] with detoured false.
 */
export function detour(air: PreparedAirspace, a: LonLat, b: LonLat): DetourResult {
  const ea = endpoint(air, a);
  if (ea.failure) return { ok: false, ...ea.failure };
  const eb = endpoint(air, b);
  if (eb.failure) return { ok: false, ...eb.failure };
  if (visible(air.obstacles, ea.x, ea.y, eb.x, eb.y)) {
    return { ok: true, path: [a, b], lengthM: haversineMetres(a[0], a[1], b[0], b[1]), detoured: false };
  }
  return routeTo(air, ea, shortestFrom(air, sightlines(air, ea)), eb);
}

export interface DetourMatrix {
  /** Row-major n × n flight distances in metres; Infinity where no path exists (an endpoint in a zone, or enclosed). */
  distanceM: Float64Array;
  /** Per point: why it cannot be reached, when it cannot. */
  blocked: Array<{ reason: DetourFailure; zoneId: string } | null>;
}

/** All-pairs detour distances for n points, sharing one Dijkstra per source. */
export function detourMatrix(air: PreparedAirspace, points: readonly LonLat[]): DetourMatrix {
  const n = points.length;
  const ends = points.map((p) => endpoint(air, p));
  const distanceM = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const ei = ends[i]!;
    distanceM[i * n + i] = 0;
    if (ei.failure) continue;
    let tree: { dist: Float64Array; prev: Int32Array } | undefined;
    for (let j = 0; j < n; j++) {
      const ej = ends[j]!;
      if (j === i || ej.failure) continue;
      if (j < i && distanceM[j * n + i] !== Infinity) {
        distanceM[i * n + j] = distanceM[j * n + i]!; // paths are symmetric
        continue;
      }
      if (visible(air.obstacles, ei.x, ei.y, ej.x, ej.y)) {
        distanceM[i * n + j] = haversineMetres(ei.lonLat[0], ei.lonLat[1], ej.lonLat[0], ej.lonLat[1]);
        continue;
      }
      tree ??= shortestFrom(air, sightlines(air, ei));
      const r = routeTo(air, ei, tree, ej);
      if (r.ok) distanceM[i * n + j] = r.lengthM;
    }
  }
  return { distanceM, blocked: ends.map((e) => e.failure ?? null) };
}

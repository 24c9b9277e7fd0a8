// No-fly zones: GeoJSON polygons (airports, hospitals, stadiums…) with an optional altitude band,
// an optional active time window and a safety buffer. Parsing with clear errors, point-in-zone for
// drop sites and segment-crosses-zone for legs. Geometry is done in metres in a local projection
// centred on the query, so results are accurate wherever on Earth the zone is.

import {
  ON_EDGE_M,
  pointInRing,
  pointRingDistance,
  ringSelfIntersects,
  ringSignedArea,
  segmentSegmentDistance,
  segmentsIntersect,
} from './planar.js';
import { type LocalProjection, type LonLat, localProjection } from './projection.js';

export const ZONE_KINDS = [
  'airport',
  'heliport',
  'hospital',
  'stadium',
  'prison',
  'military',
  'government',
  'temporary',
  'other',
] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

/** Ceiling used when a zone gives only a floor: finite so the zone survives a JSON round trip. */
export const NO_CEILING_M = 100_000;

/** Altitudes above ground (m) where the zone applies, inclusive. */
export interface AltitudeBand {
  minM: number;
  maxM: number;
}

/** Epoch seconds; the zone is active for from ≤ t < to; a missing end is open. */
export interface ActiveWindow {
  from?: number;
  to?: number;
}

export interface NoFlyZone {
  id: string;
  name: string;
  kind: ZoneKind;
  /** One or more polygons; each is a list of closed rings of [lon, lat] (first outer, the rest holes), as in GeoJSON. */
  polygons: LonLat[][][];
  /** Absent: the zone applies at every altitude. */
  altitude?: AltitudeBand;
  /** Absent: always active. */
  active?: ActiveWindow;
  /** Safety margin around the polygon, m. Legs keep at least this distance; drop sites inside it are refused. */
  bufferM: number;
}

/**
 * Which zones apply. `atTime` absent = every zone counts as active (the safe reading when the time is unknown).
 * `altitudeM` as a number checks one altitude (a leg at cruise altitude); as a band it checks overlap
 * (a drone descending over a drop site passes through every altitude from cruise down to its delivery height).
 */
export interface ZoneFilter {
  atTime?: number;
  altitudeM?: number | AltitudeBand;
}

/** Slack when testing "keeps at least bufferM away", so a path running exactly along the buffer is accepted. */
export const BUFFER_TOLERANCE_M = 0.01;

export function zoneApplies(zone: NoFlyZone, filter: ZoneFilter = {}): boolean {
  const { atTime, altitudeM } = filter;
  if (atTime !== undefined && zone.active) {
    if (zone.active.from !== undefined && atTime < zone.active.from) return false;
    if (zone.active.to !== undefined && atTime >= zone.active.to) return false;
  }
  if (altitudeM !== undefined && zone.altitude) {
    const low = typeof altitudeM === 'number' ? altitudeM : altitudeM.minM;
    const high = typeof altitudeM === 'number' ? altitudeM : altitudeM.maxM;
    if (high < zone.altitude.minM || low > zone.altitude.maxM) return false;
  }
  return true;
}

/** A zone's polygons in a local plane: rings as flat [x, y, …] arrays without the closing vertex. */
export interface ProjectedZone {
  zone: NoFlyZone;
  polygons: Float64Array[][];
}

export function projectRing(ring: readonly LonLat[], projection: LocalProjection): Float64Array {
  // GeoJSON rings repeat the first position at the end; drop it and any consecutive duplicates.
  const out: number[] = [];
  const last = ring.length - 1;
  const closed = last > 0 && ring[0]![0] === ring[last]![0] && ring[0]![1] === ring[last]![1];
  for (let i = 0; i < (closed ? last : ring.length); i++) {
    const [x, y] = projection.toXY(ring[i]![0], ring[i]![1]);
    const n = out.length;
    if (n >= 2 && Math.abs(out[n - 2]! - x) <= ON_EDGE_M && Math.abs(out[n - 1]! - y) <= ON_EDGE_M) continue;
    out.push(x, y);
  }
  return Float64Array.from(out);
}

export function projectZone(zone: NoFlyZone, projection: LocalProjection): ProjectedZone {
  return { zone, polygons: zone.polygons.map((rings) => rings.map((ring) => projectRing(ring, projection))) };
}

/** Point inside a polygon with holes (boundaries count as inside: a no-fly zone is a closed set). */
function pointInPolygon(rings: Float64Array[], x: number, y: number): boolean {
  if (pointInRing(rings[0]!, x, y) === 'outside') return false;
  for (let h = 1; h < rings.length; h++) if (pointInRing(rings[h]!, x, y) === 'inside') return false;
  return true;
}

/** Distance from a point to the zone's area (0 inside). */
export function projectedPointDistance(pz: ProjectedZone, x: number, y: number): number {
  let best = Infinity;
  for (const rings of pz.polygons) {
    if (pointInPolygon(rings, x, y)) return 0;
    for (const ring of rings) best = Math.min(best, pointRingDistance(ring, x, y));
  }
  return best;
}

/** Distance from segment [a, b] to the zone's area (0 when it touches or enters). */
export function projectedSegmentDistance(pz: ProjectedZone, ax: number, ay: number, bx: number, by: number): number {
  let best = Infinity;
  for (const rings of pz.polygons) {
    for (const ring of rings) {
      const n = ring.length / 2;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const x1 = ring[2 * j]!;
        const y1 = ring[2 * j + 1]!;
        const x2 = ring[2 * i]!;
        const y2 = ring[2 * i + 1]!;
        if (segmentsIntersect(ax, ay, bx, by, x1, y1, x2, y2)) return 0;
        best = Math.min(best, segmentSegmentDistance(ax, ay, bx, by, x1, y1, x2, y2));
      }
    }
    // No boundary contact: the segment lies wholly inside or wholly outside this polygon.
    if (pointInPolygon(rings, ax, ay)) return 0;
  }
  return best;
}

export interface ZoneQuery extends ZoneFilter {
  /** Count the zone's safety buffer as part of it (default true). */
  includeBuffer?: boolean;
}

/** True when the point lies in the zone (or its buffer, by default) and the zone applies under the filter. */
export function pointInZone(zone: NoFlyZone, point: LonLat, query: ZoneQuery = {}): boolean {
  if (!zoneApplies(zone, query)) return false;
  const pz = projectZone(zone, localProjection(point[0], point[1]));
  const d = projectedPointDistance(pz, 0, 0);
  return d === 0 || (query.includeBuffer !== false && d < zone.bufferM - BUFFER_TOLERANCE_M);
}

/** True when the straight leg a → b enters the zone (or comes closer than its buffer, by default). */
export function segmentCrossesZone(zone: NoFlyZone, a: LonLat, b: LonLat, query: ZoneQuery = {}): boolean {
  if (!zoneApplies(zone, query)) return false;
  const projection = localProjection((a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
  const pz = projectZone(zone, projection);
  const [ax, ay] = projection.toXY(a[0], a[1]);
  const [bx, by] = projection.toXY(b[0], b[1]);
  const d = projectedSegmentDistance(pz, ax, ay, bx, by);
  return d === 0 || (query.includeBuffer !== false && d < zone.bufferM - BUFFER_TOLERANCE_M);
}

/** The zones that contain a point (drop-site eligibility names the blocking zones). */
export function zonesContaining(zones: readonly NoFlyZone[], point: LonLat, query: ZoneQuery = {}): NoFlyZone[] {
  return zones.filter((z) => pointInZone(z, point, query));
}

// ---------------------------------------------------------------------------------------------
// GeoJSON parsing

export interface ZoneProblem {
  /** Where in the input, e.g. `features[2].geometry.coordinates[0][3]`. */
  path: string;
  code:
    | 'not_geojson'
    | 'unsupported_geometry'
    | 'invalid_coordinate'
    | 'ring_too_short'
    | 'ring_not_closed'
    | 'ring_self_intersects'
    | 'ring_zero_area'
    | 'hole_outside'
    | 'invalid_property'
    | 'duplicate_id';
  message: string;
}

export type ZoneParseResult = { ok: true; zones: NoFlyZone[] } | { ok: false; problems: ZoneProblem[] };

export interface ZoneParseOptions {
  /** Buffer for features without a `bufferM` property (default 0). */
  defaultBufferM?: number;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

type Problems = ZoneProblem[];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseRing(raw: unknown, path: string, problems: Problems): LonLat[] | null {
  if (!Array.isArray(raw)) {
    problems.push({ path, code: 'not_geojson', message: `${path} must be an array of positions` });
    return null;
  }
  const ring: LonLat[] = [];
  for (let i = 0; i < raw.length; i++) {
    const p = raw[i] as unknown;
    const lon = Array.isArray(p) ? p[0] : undefined;
    const lat = Array.isArray(p) ? p[1] : undefined;
    if (
      typeof lon !== 'number' || typeof lat !== 'number' ||
      !Number.isFinite(lon) || !Number.isFinite(lat) ||
      lon < -180 || lon > 180 || lat < -90 || lat > 90
    ) {
      problems.push({
        path: `${path}[${i}]`,
        code: 'invalid_coordinate',
        message: `${path}[${i}] must be [longitude −180…180, latitude −90…90], got ${JSON.stringify(p)}`,
      });
      return null;
    }
    ring.push([lon, lat]);
  }
  if (ring.length < 4) {
    problems.push({ path, code: 'ring_too_short', message: `${path} needs at least 4 positions (a closed triangle), got ${ring.length}` });
    return null;
  }
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    problems.push({ path, code: 'ring_not_closed', message: `${path} must end with its first position (GeoJSON rings are closed)` });
    return null;
  }
  const plane = projectRing(ring, localProjection(first[0], first[1]));
  if (plane.length < 6 || Math.abs(ringSignedArea(plane)) < 1e-6) {
    problems.push({ path, code: 'ring_zero_area', message: `${path} encloses no area` });
    return null;
  }
  if (ringSelfIntersects(plane)) {
    problems.push({ path, code: 'ring_self_intersects', message: `${path} crosses itself` });
    return null;
  }
  return ring;
}

function parsePolygon(raw: unknown, path: string, problems: Problems): LonLat[][] | null {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push({ path, code: 'not_geojson', message: `${path} must be a non-empty array of rings` });
    return null;
  }
  const rings = raw.map((r, i) => parseRing(r, `${path}[${i}]`, problems));
  if (!rings.every((r) => r !== null)) return null;
  // Each hole must lie inside the outer ring (checked on its vertices, in a plane around the outer ring).
  const outer = rings[0]!;
  const projection = localProjection(outer[0]![0], outer[0]![1]);
  const outerPlane = projectRing(outer, projection);
  for (let h = 1; h < rings.length; h++) {
    const outside = rings[h]!.some(([lon, lat]) => {
      const [x, y] = projection.toXY(lon, lat);
      return pointInRing(outerPlane, x, y) === 'outside';
    });
    if (outside) {
      problems.push({ path: `${path}[${h}]`, code: 'hole_outside', message: `${path}[${h}] is a hole but lies outside the outer ring` });
      return null;
    }
  }
  return rings as LonLat[][];
}

function parseTime(v: unknown, path: string, problems: Problems): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && ISO_UTC.test(v) && Number.isFinite(Date.parse(v))) return Date.parse(v) / 1000;
  problems.push({ path, code: 'invalid_property', message: `${path} must be an ISO 8601 time with a zone (e.g. 2026-05-01T08:00:00Z) or epoch seconds` });
  return undefined;
}

function parseFeature(raw: unknown, path: string, options: ZoneParseOptions, problems: Problems): NoFlyZone | null {
  if (!isObject(raw) || raw.type !== 'Feature') {
    problems.push({ path, code: 'not_geojson', message: `${path} must be a GeoJSON Feature` });
    return null;
  }
  const before = problems.length;
  const props = isObject(raw.properties) ? raw.properties : {};
  const geometry = raw.geometry;
  let polygons: LonLat[][][] | null = null;
  if (!isObject(geometry) || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    const got = isObject(geometry) ? String(geometry.type) : String(geometry);
    problems.push({ path: `${path}.geometry`, code: 'unsupported_geometry', message: `${path}.geometry must be a Polygon or MultiPolygon, got ${got}` });
  } else if (geometry.type === 'Polygon') {
    const p = parsePolygon(geometry.coordinates, `${path}.geometry.coordinates`, problems);
    polygons = p ? [p] : null;
  } else {
    const coords = geometry.coordinates;
    if (!Array.isArray(coords) || coords.length === 0) {
      problems.push({ path: `${path}.geometry.coordinates`, code: 'not_geojson', message: 'a MultiPolygon needs at least one polygon' });
    } else {
      const ps = coords.map((c, i) => parsePolygon(c, `${path}.geometry.coordinates[${i}]`, problems));
      polygons = ps.every((p) => p !== null) ? (ps as LonLat[][][]) : null;
    }
  }
  const id = props.id ?? raw.id;
  if (typeof id !== 'string' && typeof id !== 'number') {
    problems.push({ path: `${path}.properties.id`, code: 'invalid_property', message: `${path} needs an id (properties.id or Feature id)` });
  }
  const kind = props.kind ?? 'other';
  if (!(ZONE_KINDS as readonly unknown[]).includes(kind)) {
    problems.push({ path: `${path}.properties.kind`, code: 'invalid_property', message: `kind must be one of ${ZONE_KINDS.join(', ')}, got ${JSON.stringify(kind)}` });
  }
  const bufferM = props.bufferM ?? options.defaultBufferM ?? 0;
  if (typeof bufferM !== 'number' || !Number.isFinite(bufferM) || bufferM < 0) {
    problems.push({ path: `${path}.properties.bufferM`, code: 'invalid_property', message: `bufferM must be a number ≥ 0 (metres), got ${JSON.stringify(bufferM)}` });
  }
  let altitude: AltitudeBand | undefined;
  if (props.minAltitudeM !== undefined || props.maxAltitudeM !== undefined) {
    const minM = props.minAltitudeM ?? 0;
    const maxM = props.maxAltitudeM ?? NO_CEILING_M;
    if (typeof minM !== 'number' || typeof maxM !== 'number' || !(minM >= 0) || !(maxM > minM)) {
      problems.push({ path: `${path}.properties`, code: 'invalid_property', message: 'minAltitudeM/maxAltitudeM must be numbers with 0 ≤ min < max (metres above ground)' });
    } else {
      altitude = { minM, maxM };
    }
  }
  const from = parseTime(props.activeFrom, `${path}.properties.activeFrom`, problems);
  const to = parseTime(props.activeTo, `${path}.properties.activeTo`, problems);
  if (from !== undefined && to !== undefined && !(to > from)) {
    problems.push({ path: `${path}.properties.activeTo`, code: 'invalid_property', message: 'activeTo must be after activeFrom' });
  }
  if (problems.length > before || polygons === null) return null;
  const zone: NoFlyZone = {
    id: String(id),
    name: typeof props.name === 'string' ? props.name : String(id),
    kind: kind as ZoneKind,
    polygons,
    bufferM: bufferM as number,
  };
  if (altitude) zone.altitude = altitude;
  if (from !== undefined || to !== undefined) zone.active = { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  return zone;
}

/**
 * Parse a GeoJSON Feature or FeatureCollection of Polygon/MultiPolygon no-fly zones. Properties:
 * `id` (or the Feature id), `name`, `kind` (one of ZONE_KINDS, default other), `bufferM`,
 * `minAltitudeM`/`maxAltitudeM` (AGL), `activeFrom`/`activeTo` (ISO 8601 with zone, or epoch seconds).
 * All problems are reported at once; nothing is returned unless the whole input is valid.
 */
export function parseNoFlyZones(input: unknown, options: ZoneParseOptions = {}): ZoneParseResult {
  const problems: Problems = [];
  let features: unknown[];
  if (isObject(input) && input.type === 'FeatureCollection' && Array.isArray(input.features)) {
    features = input.features;
  } else if (isObject(input) && input.type === 'Feature') {
    features = [input];
  } else {
    return { ok: false, problems: [{ path: '', code: 'not_geojson', message: 'expected a GeoJSON Feature or FeatureCollection' }] };
  }
  const zones: NoFlyZone[] = [];
  const seen = new Set<string>();
  features.forEach((f, i) => {
    const path = isObject(input) && input.type === 'Feature' ? 'feature' : `features[${i}]`;
    const zone = parseFeature(f, path, options, problems);
    if (!zone) return;
    if (seen.has(zone.id)) {
      problems.push({ path: `${path}.properties.id`, code: 'duplicate_id', message: `zone id ${zone.id} appears more than once` });
      return;
    }
    seen.add(zone.id);
    zones.push(zone);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, zones };
}

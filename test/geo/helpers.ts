// Build zones from shapes drawn in metres around a reference point, so expected lengths are hand-computable.
import { type LonLat, localProjection } from '../../src/geo/projection.js';
import type { NoFlyZone } from '../../src/geo/zones.js';

export const ORIGIN: LonLat = [2.35, 48.85]; // Paris
export const plane = localProjection(ORIGIN[0], ORIGIN[1]);

export const at = (x: number, y: number): LonLat => plane.toLonLat(x, y);

/** A closed GeoJSON ring from metre coordinates. */
export function ringFromMetres(points: Array<[number, number]>): LonLat[] {
  const ring = points.map(([x, y]) => at(x, y));
  ring.push(ring[0]!);
  return ring;
}

export function squareZone(id: string, cx: number, cy: number, half: number, bufferM: number, extra: Partial<NoFlyZone> = {}): NoFlyZone {
  return {
    id,
    name: id,
    kind: 'other',
    polygons: [[ringFromMetres([[cx - half, cy - half], [cx + half, cy - half], [cx + half, cy + half], [cx - half, cy + half]])]],
    bufferM,
    ...extra,
  };
}

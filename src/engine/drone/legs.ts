// From coordinates to sortie legs: each leg follows the shortest path around the no-fly zones
// (when an airspace is given) and is cut into straight pieces with their own track bearing, so the
// wind is applied per piece.

import { detour, type DetourFailure, type PreparedAirspace } from '../../geo/detour.js';
import { haversineMetres } from '../../geo/haversine.js';
import { initialBearingDeg, type LonLat } from '../../geo/projection.js';
import type { SortieLeg, TrackSegment } from './sortie.js';

/** One straight piece per pair of consecutive path points (great-circle length, initial bearing). */
export function legFromPath(path: readonly LonLat[]): SortieLeg {
  const segments: TrackSegment[] = [];
  for (let i = 1; i < path.length; i++) {
    const [lon1, lat1] = path[i - 1]!;
    const [lon2, lat2] = path[i]!;
    segments.push({ distanceM: haversineMetres(lon1, lat1, lon2, lat2), trackDeg: initialBearingDeg(lon1, lat1, lon2, lat2) });
  }
  return { segments };
}

export type SortieLegsResult =
  | { ok: true; legs: SortieLeg[]; paths: LonLat[][] }
  | { ok: false; leg: number; reason: DetourFailure; zoneId?: string };

/**
 * Legs for hub → drops… → hub. Without an airspace every leg is straight; with one, each leg is
 * the detour around the prepared zones, and a drop inside a zone (or its buffer) fails with its leg index.
 */
export function sortieLegs(hub: LonLat, drops: readonly LonLat[], airspace?: PreparedAirspace): SortieLegsResult {
  const stops = [hub, ...drops, hub];
  const legs: SortieLeg[] = [];
  const paths: LonLat[][] = [];
  for (let i = 1; i < stops.length; i++) {
    let path: LonLat[] = [stops[i - 1]!, stops[i]!];
    if (airspace) {
      const r = detour(airspace, stops[i - 1]!, stops[i]!);
      if (!r.ok) return { ok: false, leg: i - 1, reason: r.reason, ...(r.zoneId !== undefined ? { zoneId: r.zoneId } : {}) };
      path = r.path;
    }
    paths.push(path);
    legs.push(legFromPath(path));
  }
  return { ok: true, legs, paths };
}

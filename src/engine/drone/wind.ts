// Wind triangle: a drone flies at a commanded airspeed; its ground speed along a track follows from
// the wind vector. Conventions (meteorological, as in METAR and forecasts):
//   - wind `fromDeg` is the bearing the wind blows FROM, degrees clockwise from true north
//     (a "270° wind" blows from the west towards the east);
//   - a track bearing is the direction of travel over the ground, degrees clockwise from true north.

export interface Wind {
  fromDeg: number;
  speedMps: number;
}

export const CALM: Wind = { fromDeg: 0, speedMps: 0 };

const RAD = Math.PI / 180;

export type GroundSpeedResult =
  | {
      ok: true;
      groundSpeedMps: number;
      /** Wind component along the track: positive = headwind, negative = tailwind. */
      headwindMps: number;
      /** Wind component across the track (absolute value). */
      crosswindMps: number;
      /** Heading the drone must hold (crab angle included), degrees clockwise from north. */
      headingDeg: number;
    }
  | { ok: false; reason: 'headwind_too_strong' | 'crosswind_too_strong' };

/**
 * Ground speed along `trackDeg` when flying at `airspeedMps` in `wind`: solves V_g·u = V_a·ĥ + w for ĥ and V_g.
 * Impossible when the crosswind reaches the airspeed (the drone cannot hold the track) or when the
 * resulting ground speed is not positive (the headwind is at least the remaining airspeed).
 */
export function groundSpeedAlong(trackDeg: number, airspeedMps: number, wind: Wind): GroundSpeedResult {
  const ux = Math.sin(trackDeg * RAD); // east component of the track unit vector
  const uy = Math.cos(trackDeg * RAD); // north component
  // The wind blows towards fromDeg + 180°.
  const wx = -wind.speedMps * Math.sin(wind.fromDeg * RAD);
  const wy = -wind.speedMps * Math.cos(wind.fromDeg * RAD);
  const along = wx * ux + wy * uy; // tailwind positive
  const cross = wx * uy - wy * ux; // across the track; only its magnitude matters
  if (Math.abs(cross) >= airspeedMps) return { ok: false, reason: 'crosswind_too_strong' };
  const airAlong = Math.sqrt(airspeedMps * airspeedMps - cross * cross);
  const groundSpeedMps = along + airAlong;
  // Tolerance: a headwind equal to the airspeed must count as impossible despite rounding.
  if (groundSpeedMps <= 1e-9 * Math.max(1, airspeedMps)) return { ok: false, reason: 'headwind_too_strong' };
  // Air vector = ground vector − wind; its direction is the heading.
  const ax = groundSpeedMps * ux - wx;
  const ay = groundSpeedMps * uy - wy;
  const headingDeg = ((Math.atan2(ax, ay) / RAD) % 360 + 360) % 360;
  return { ok: true, groundSpeedMps, headwindMps: -along, crosswindMps: Math.abs(cross), headingDeg };
}

/** True when the wind exceeds the vehicle's limit (the leg or sortie must not be flown at all). */
export function windAboveLimit(wind: Wind, maxWindMps: number): boolean {
  return wind.speedMps > maxWindMps;
}

// Estimated arrival times for the rest of a route, from where the vehicle is now: remaining
// legs at the profile's speed (haversine metres), service time at each delivery, and waiting
// for a delivery window that has not opened yet. Pure: no clock (now is given), no I/O.
import { haversineMetres } from '../geo/haversine.js';

export interface EtaStop {
  id: string;
  kind: string;
  lon: number;
  lat: number;
  /** planned | arrived | done | failed | skipped */
  state: string;
  arrivedAt: number | null;
  plannedArrival: number | null;
  /** Delivery window opening (epoch seconds), for deliveries. */
  windowStart?: number;
}

export interface EtaInput {
  now: number;
  /** Latest reported position, or null when the vehicle never reported (it is assumed at its first stop). */
  position: { lon: number; lat: number } | null;
  speedMps: number;
  serviceS: number;
  /** Time spent at the hub at a reload stop (drones swap batteries), seconds. */
  reloadS?: number;
  /** The route's stops in sequence order. */
  stops: EtaStop[];
}

const FINISHED = new Set(['done', 'failed', 'skipped']);

/** ETA per remaining stop (stops already finished get none). */
export function computeEtas(input: EtaInput): Array<{ id: string; eta: number }> {
  const { stops, speedMps, serviceS } = input;
  if (!(speedMps > 0)) throw new Error(`speed must be positive, got ${speedMps}`);
  const out: Array<{ id: string; eta: number }> = [];
  let t = input.now;
  let here = input.position;
  let startIdx = 0;

  // A vehicle standing at a stop finishes its service there first.
  const atStop = stops.findIndex((s) => s.state === 'arrived');
  if (atStop >= 0) {
    const s = stops[atStop]!;
    const arrived = s.arrivedAt ?? input.now;
    t = Math.max(input.now, arrived + (s.kind === 'delivery' ? serviceS : 0));
    here = { lon: s.lon, lat: s.lat };
    startIdx = atStop + 1;
  } else if (!here) {
    // Not started and never reported: it leaves its first stop (the hub) as planned, or now if later.
    const first = stops[0];
    if (!first) return out;
    here = { lon: first.lon, lat: first.lat };
    t = Math.max(input.now, first.plannedArrival ?? input.now);
    if (first.state === 'planned' && first.kind === 'depart') {
      out.push({ id: first.id, eta: t });
      startIdx = 1;
    }
  }

  for (let i = startIdx; i < stops.length; i++) {
    const s = stops[i]!;
    if (FINISHED.has(s.state) || s.state === 'arrived') continue;
    if (s.kind === 'depart') continue; // left already (we are past it or reporting from elsewhere)
    t += haversineMetres(here!.lon, here!.lat, s.lon, s.lat) / speedMps;
    here = { lon: s.lon, lat: s.lat };
    const arrival = Math.round(t);
    out.push({ id: s.id, eta: arrival });
    if (s.kind === 'delivery') {
      // Service starts when the window opens, at the earliest.
      t = Math.max(t, s.windowStart ?? t) + serviceS;
    } else if (s.kind === 'reload') {
      t += input.reloadS ?? 0;
    }
  }
  return out;
}

// Can this drone type deliver this parcel from this hub to this drop site, now? One pure function
// that gathers every reason against it (weight, weather envelope, airspace, range with wind and
// detours), for the delivery promise and dispatch to call before offering a drone slot.

import type { PreparedAirspace } from '../../geo/detour.js';
import type { LonLat } from '../../geo/projection.js';
import { type NoFlyZone, zonesContaining } from '../../geo/zones.js';
import type { EnergyModel } from './energy.js';
import { sortieLegs } from './legs.js';
import { type SortieResult, sortieEnergy } from './sortie.js';
import type { DroneSpec } from './spec.js';
import { type Weather, weatherBlocks } from './weather.js';

export interface DroneDeliveryQuery {
  hub: LonLat;
  drop: LonLat;
  parcelKg: number;
  /** Zones prepared for the flight time and the cruise altitude (prepareAirspace); absent = open sky. */
  airspace?: PreparedAirspace;
  /**
   * Zones to check at the drop site over the whole descent (delivery height up to cruise altitude),
   * which catches low-altitude zones the cruise-level airspace ignores. Absent = no extra check.
   */
  zones?: readonly NoFlyZone[];
  atTime?: number;
  /** Conditions at flight time; `fromDeg` (meteorological) gives the wind direction for the legs. */
  weather?: Weather & { fromDeg?: number };
}

export interface DroneIneligibility {
  code: string;
  message: string;
  zoneId?: string;
}

export interface DroneEligibility {
  eligible: boolean;
  reasons: DroneIneligibility[];
  /** Energy and timing of the out-and-back sortie when it could be computed. */
  sortie?: SortieResult;
  /** Flight path of each leg (detours included). */
  paths?: LonLat[][];
}

export function droneDeliveryEligibility(spec: DroneSpec, model: EnergyModel, q: DroneDeliveryQuery): DroneEligibility {
  const reasons: DroneIneligibility[] = [];
  if (q.parcelKg > spec.maxPayloadKg) {
    reasons.push({ code: 'payload_over_limit', message: `parcel ${q.parcelKg} kg exceeds the ${spec.maxPayloadKg.toFixed(2)} kg limit of ${spec.name}` });
  }
  if (q.weather) {
    for (const code of weatherBlocks(spec, q.weather)) reasons.push({ code, message: `weather outside the ${spec.name} envelope: ${code.replace(/_/g, ' ')}` });
  }
  if (q.zones) {
    const band = { minM: spec.deliveryAltitudeM, maxM: spec.cruiseAltitudeM };
    for (const z of zonesContaining(q.zones, q.drop, { ...(q.atTime !== undefined ? { atTime: q.atTime } : {}), altitudeM: band })) {
      reasons.push({ code: 'drop_in_no_fly_zone', message: `drop site lies in no-fly zone ${z.name}`, zoneId: z.id });
    }
  }
  const legs = sortieLegs(q.hub, [q.drop], q.airspace);
  if (!legs.ok) {
    reasons.push({
      code: legs.reason,
      message: `no flight path: ${legs.reason.replace(/_/g, ' ')}${legs.zoneId ? ` (${legs.zoneId})` : ''}`,
      ...(legs.zoneId !== undefined ? { zoneId: legs.zoneId } : {}),
    });
    return { eligible: false, reasons };
  }
  if (reasons.some((r) => r.code === 'payload_over_limit' || r.code === 'wind_above_limit')) {
    return { eligible: false, reasons, paths: legs.paths };
  }
  const plan = { legs: legs.legs, parcelsKg: [q.parcelKg] };
  let sortie = sortieEnergy(spec, model, plan);
  if (q.weather && q.weather.windMps > 0) {
    // Known direction: use it. Unknown: the worst of 72 directions, so the answer holds whatever it is.
    const directions = q.weather.fromDeg !== undefined ? [q.weather.fromDeg] : Array.from({ length: 72 }, (_, k) => k * 5);
    sortie = worstSortie(directions.map((fromDeg) => sortieEnergy(spec, model, plan, { fromDeg, speedMps: q.weather!.windMps })));
  }
  if (!sortie.feasible) reasons.push({ code: sortie.reason!, message: sortie.message ?? sortie.reason! });
  return { eligible: reasons.length === 0, reasons, sortie, paths: legs.paths };
}

function worstSortie(results: SortieResult[]): SortieResult {
  let worst = results[0]!;
  for (const r of results) if ((r.feasible ? 0 : 1) > (worst.feasible ? 0 : 1) || (r.feasible === worst.feasible && r.energyWh > worst.energyWh)) worst = r;
  return worst;
}

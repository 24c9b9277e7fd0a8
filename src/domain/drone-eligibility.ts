// The domain rule "may this order fly?". An order flies (as ONE parcel, one order per sortie in v1)
// when some available drone at its hub can carry it and the drop site and weather allow it:
//   - every item fits the cargo bay (any orientation) and the items' total volume fits it ('parcel_too_large');
//   - the total weight is within the payload ('payload_over_limit') and the round trip, out loaded and
//     back empty, with the wind and the detours around no-fly zones, fits the battery minus the reserve
//     ('battery_insufficient', 'headwind_too_strong', 'crosswind_too_strong') — engine physics, reused;
//   - the customer's drop-off preference is drone-capable (drone pad, yard, smart locker;
//     'dropoff_not_drone_capable') and the drop site is not inside an active no-fly zone
//     ('drop_in_no_fly_zone', 'endpoint_in_zone', 'endpoint_in_buffer', 'endpoint_enclosed', 'no_path');
//   - the weather at the planned time is known and inside the envelope ('weather_unknown',
//     'wind_above_limit', 'gust_above_limit', 'rain_not_allowed', 'too_cold', 'too_hot').
// Otherwise it goes by van. Every refusal carries a machine-readable code. The core is pure; the
// loader at the bottom gathers its inputs from the store and the weather provider.
import { type AirspaceOptions, prepareAirspace, type PreparedAirspace } from '../geo/detour.js';
import type { LonLat } from '../geo/projection.js';
import { type NoFlyZone, zoneApplies } from '../geo/zones.js';
import { droneDeliveryEligibility } from '../engine/drone/eligibility.js';
import { energyModelFor } from '../engine/drone/energy.js';
import type { SortieResult } from '../engine/drone/sortie.js';
import type { DroneSpec } from '../engine/drone/spec.js';
import type { HubRow, Repos } from '../store/index.js';
import type { DomainContext } from './context.js';
import { type DroneBay, type DroneUnit, droneAvailable, dronesAtHub } from './drone-fleet.js';
import { type WeatherConditions, weatherProviderOf } from './weather.js';

/** Drop-off preferences a drone can serve (src/domain/customers.ts DROPOFF_KINDS). */
export const DRONE_DROPOFFS: readonly string[] = ['drone_pad', 'yard', 'smart_locker'];

export interface ParcelItem {
  weightG: number;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  quantity: number;
}

export interface EligibilityReason {
  code: string;
  message: string;
  /** Drone types (spec ids) this reason applies to; absent = whatever the drone. */
  specIds?: string[];
  zoneId?: string;
}

export interface DroneCandidate {
  vehicleId: string;
  spec: DroneSpec;
  bay: DroneBay;
}

export interface DroneOption {
  vehicleId: string;
  specId: string;
  eligible: boolean;
  reasons: EligibilityReason[];
  /** Out-and-back figures from the engine when they could be computed. */
  sortie?: { energyWh: number; budgetWh: number; flightS: number; durationS: number; outboundS: number; launchS: number; distanceM: number };
  paths?: LonLat[][];
}

export interface OrderDroneQuery {
  hub: LonLat;
  drop: LonLat;
  /** The address's drop-off preference. */
  dropoff: string;
  items: readonly ParcelItem[];
  /** Planned flight time, epoch seconds (zone activity). */
  atS: number;
  /** Conditions at the planned time; null = unknown. */
  weather: WeatherConditions | null;
  zones: readonly NoFlyZone[];
  /** Available drones at the hub. */
  drones: readonly DroneCandidate[];
}

export interface OrderDroneEligibility {
  eligible: boolean;
  /** Empty when eligible; otherwise every distinct reason (per-drone reasons merged by code). */
  reasons: EligibilityReason[];
  /** One entry per drone type evaluated (the first available vehicle of each type). */
  options: DroneOption[];
  /** The eligible option with the shortest sortie, if any. */
  best: DroneOption | null;
}

/** Prepared airspaces recently built, by projection origin and the zones that apply (most recent last). */
const preparedMemo = new Map<string, PreparedAirspace>();
const PREPARED_MEMO_SIZE = 32;
const zoneKeys = new WeakMap<NoFlyZone, string>();
const zoneKey = (z: NoFlyZone): string => {
  let k = zoneKeys.get(z);
  if (k === undefined) zoneKeys.set(z, (k = JSON.stringify(z)));
  return k;
};

/**
 * prepareAirspace, remembered: the visibility graph depends only on the zones that apply at the
 * time and altitude and on the projection origin, and quotes, dispatch eligibility, launch checks
 * and flight plans ask for the same one again and again. Zones are compared by content.
 */
export function preparedAirspace(zones: readonly NoFlyZone[], options: AirspaceOptions): PreparedAirspace {
  const applicable = zones.filter((z) => zoneApplies(z, options));
  const key = `${options.origin?.join(',') ?? ''}|${applicable.map(zoneKey).join('|')}`;
  let air = preparedMemo.get(key);
  if (air) {
    preparedMemo.delete(key);
  } else {
    air = prepareAirspace(applicable, options.origin ? { origin: options.origin } : {});
    if (preparedMemo.size >= PREPARED_MEMO_SIZE) preparedMemo.delete(preparedMemo.keys().next().value!);
  }
  preparedMemo.set(key, air);
  return air;
}

const sorted3 = (a: number, b: number, c: number) => [a, b, c].sort((x, y) => y - x) as [number, number, number];

/** Each item fits the bay in some orientation and all items together fit its volume (a loose bound for mixed parcels). */
export function parcelFitsBay(items: readonly ParcelItem[], bay: DroneBay): { fits: boolean; message?: string } {
  const [b1, b2, b3] = sorted3(bay.lengthMm, bay.widthMm, bay.heightMm);
  let volume = 0;
  for (const it of items) {
    const [i1, i2, i3] = sorted3(it.lengthMm, it.widthMm, it.heightMm);
    if (i1 > b1 || i2 > b2 || i3 > b3) {
      return { fits: false, message: `an item of ${it.lengthMm}×${it.widthMm}×${it.heightMm} mm does not fit the ${bay.lengthMm}×${bay.widthMm}×${bay.heightMm} mm bay` };
    }
    volume += it.lengthMm * it.widthMm * it.heightMm * it.quantity;
  }
  if (volume > b1 * b2 * b3) return { fits: false, message: `the items' volume ${(volume / 1e6).toFixed(2)} l exceeds the bay's ${((b1 * b2 * b3) / 1e6).toFixed(2)} l` };
  return { fits: true };
}

/** Pure: every reason this order may or may not fly, per drone type. */
export function orderDroneEligibility(q: OrderDroneQuery): OrderDroneEligibility {
  const site: EligibilityReason[] = [];
  if (!DRONE_DROPOFFS.includes(q.dropoff)) {
    site.push({ code: 'dropoff_not_drone_capable', message: `drop-off preference ${q.dropoff} cannot take a drone delivery (needs ${DRONE_DROPOFFS.join(', ')})` });
  }
  if (q.weather === null) site.push({ code: 'weather_unknown', message: 'no weather is known for the hub at that time; drones do not fly blind' });
  if (q.drones.length === 0) site.push({ code: 'no_drone_available', message: 'no available drone is based at the serving hub' });

  const parcelKg = q.items.reduce((s, it) => s + it.weightG * it.quantity, 0) / 1000;
  const weather = q.weather
    ? {
        windMps: q.weather.windMps,
        ...(q.weather.gustMps !== undefined ? { gustMps: q.weather.gustMps } : {}),
        ...(q.weather.temperatureC !== undefined ? { temperatureC: q.weather.temperatureC } : {}),
        ...(q.weather.precipitation !== undefined ? { precipitation: q.weather.precipitation } : {}),
        ...(q.weather.windFromDeg !== undefined ? { fromDeg: q.weather.windFromDeg } : {}),
      }
    : undefined;

  // One option per drone type: identical specs give identical answers.
  const seen = new Set<string>();
  const airspaceByAltitude = new Map<number, PreparedAirspace>();
  const options: DroneOption[] = [];
  for (const d of q.drones) {
    if (seen.has(d.spec.id)) continue;
    seen.add(d.spec.id);
    const reasons: EligibilityReason[] = [];
    const fit = parcelFitsBay(q.items, d.bay);
    if (!fit.fits) reasons.push({ code: 'parcel_too_large', message: fit.message! });
    let air = airspaceByAltitude.get(d.spec.cruiseAltitudeM);
    if (!air && q.zones.length) {
      air = preparedAirspace(q.zones, { atTime: q.atS, altitudeM: d.spec.cruiseAltitudeM, origin: q.hub });
      airspaceByAltitude.set(d.spec.cruiseAltitudeM, air);
    }
    const r = droneDeliveryEligibility(d.spec, energyModelFor(d.spec), {
      hub: q.hub,
      drop: q.drop,
      parcelKg,
      ...(air ? { airspace: air } : {}),
      zones: q.zones,
      atTime: q.atS,
      ...(weather ? { weather } : {}),
    });
    reasons.push(...r.reasons.map((x) => ({ code: x.code, message: x.message, ...(x.zoneId !== undefined ? { zoneId: x.zoneId } : {}) })));
    const option: DroneOption = { vehicleId: d.vehicleId, specId: d.spec.id, eligible: reasons.length === 0 && site.length === 0, reasons };
    if (r.sortie && Number.isFinite(r.sortie.energyWh)) option.sortie = sortieFigures(d.spec, r.sortie);
    if (r.paths) option.paths = r.paths;
    options.push(option);
  }

  const eligibleOptions = options.filter((o) => o.eligible);
  const best = eligibleOptions.sort((a, b) => a.sortie!.durationS - b.sortie!.durationS)[0] ?? null;
  if (best) return { eligible: true, reasons: [], options, best };
  const merged = new Map<string, EligibilityReason>();
  for (const o of options) {
    for (const r of o.reasons) {
      const key = `${r.code}|${r.zoneId ?? ''}`;
      const m = merged.get(key);
      if (m) m.specIds!.push(o.specId);
      else merged.set(key, { ...r, specIds: [o.specId] });
    }
  }
  return { eligible: false, reasons: [...site, ...merged.values()], options, best: null };
}

function sortieFigures(spec: DroneSpec, s: SortieResult): NonNullable<DroneOption['sortie']> {
  const out = s.perLeg[0]!;
  return {
    energyWh: s.energyWh,
    budgetWh: s.budgetWh,
    flightS: s.flightS,
    durationS: s.durationS,
    // Take-off to the end of the descent at the drop (the parcel is delivered then).
    outboundS: out.climbS + out.cruiseS + out.descentS,
    launchS: spec.launchSeconds,
    distanceM: s.perLeg.reduce((sum, l) => sum + l.distanceM, 0),
  };
}

// ---------------------------------------------------------------- loading the inputs

export interface DroneEligibilityRequest {
  hubId: string;
  drop: LonLat;
  dropoff: string;
  items: readonly ParcelItem[];
  atS: number;
}

/** The zones stored by operators (src/domain/airspace.ts), as engine zones. */
export async function storedZones(repos: Repos): Promise<NoFlyZone[]> {
  return (await repos.noFlyZones.all()).map((r) => r.zone as NoFlyZone);
}

/** What eligibility reads from the store for a hub; a caller evaluating several times reads it once. */
export interface HubAirspace {
  hub: HubRow;
  /** The hub's profiled drones (availability is checked at the evaluated time). */
  drones: DroneUnit[];
  zones: NoFlyZone[];
}

/** Gathers hub, available drones, zones (unless given) and the weather at `atS`, then applies the rule. */
export async function droneEligibilityFor(
  ctx: DomainContext,
  repos: Repos,
  req: DroneEligibilityRequest,
  loaded?: HubAirspace,
): Promise<OrderDroneEligibility & { weather: WeatherConditions | null; drones: DroneUnit[] }> {
  const hub = loaded?.hub ?? (await repos.hubs.get(req.hubId));
  if (!hub || hub.id !== req.hubId) throw new Error(`hub ${req.hubId} vanished`);
  const drones = (loaded?.drones ?? (await dronesAtHub(repos, hub.id))).filter((u) => droneAvailable(u, req.atS));
  const weather = await weatherProviderOf(ctx).conditionsAt(hub.id, req.atS);
  const result = orderDroneEligibility({
    hub: [hub.lon, hub.lat],
    drop: req.drop,
    dropoff: req.dropoff,
    items: req.items,
    atS: req.atS,
    weather,
    zones: loaded?.zones ?? (await storedZones(repos)),
    drones: drones.map((u) => ({ vehicleId: u.vehicle.id, spec: u.spec, bay: u.bay })),
  });
  return { ...result, weather, drones };
}

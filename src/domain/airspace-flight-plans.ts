// Flight plans: each dispatched drone sortie stored in 4D (lon, lat, altitude above ground, time),
// its legs detoured around the no-fly zones active at launch, timed with the engine's sortie model
// (climb, cruise at the wind-corrected ground speed per straight piece, descent, delivery hover).
// Dispatch calls createFlightPlansForRoute inside its own transaction; GeoJSON export for maps.
import { energyModelFor } from '../engine/drone/energy.js';
import { sortieLegs } from '../engine/drone/legs.js';
import { type SortieResult, sortieEnergy } from '../engine/drone/sortie.js';
import type { DroneSpec } from '../engine/drone/spec.js';
import { CALM, groundSpeedAlong, type Wind } from '../engine/drone/wind.js';
import type { LonLat } from '../geo/projection.js';
import type { NoFlyZone } from '../geo/zones.js';
import type { FlightPlanRow, HubRow, Page, PageRequest, Repos } from '../store/index.js';
import type { Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { batteryPacksOf, chargeSeconds, chargeSession, NO_CHARGED_BATTERY, packUse, packWaitCode, SPENT_PACK_HOLD_S } from './drone-charging.js';
import { checkCapacity, checkChargerCapacity, checkPadCapacity, type DroneUnit, dronesAtHub, type Interval } from './drone-fleet.js';
import { preparedAirspace, storedZones } from './drone-eligibility.js';
import { DomainError, notFound } from './errors.js';
import { weatherProviderOf } from './weather.js';

export interface SortieDrop {
  orderId: string;
  lon: number;
  lat: number;
  /** Parcel mass delivered at this drop, grams. */
  parcelG: number;
}

export interface RouteSortie {
  /** Trip number within the route (multi-trip drones fly several sorties). */
  tripNo: number;
  /** Start of launch handling on the pad, epoch seconds (take-off follows after spec.launchSeconds). */
  launchAt: number;
  drops: SortieDrop[];
}

export interface FlightPlanRouteInput {
  hubId: string;
  vehicleId: string;
  routeId?: string | null;
  sorties: RouteSortie[];
  /** Refuse when a launch would exceed the hub's pad count given stored plans (default true). */
  enforcePads?: boolean;
  /** Rows the caller already read in this transaction (a dispatch round): not read again. */
  known?: { hub: HubRow; unit: DroneUnit; zones: NoFlyZone[] };
}

type Waypoint = [number, number, number, number];

/** The worst sortie over the wind directions (known direction: just that one). */
function sortieInWind(spec: DroneSpec, legs: Parameters<typeof sortieEnergy>[2], wind: { speedMps: number; fromDeg?: number }): { result: SortieResult; wind: Wind } {
  const model = energyModelFor(spec);
  if (wind.speedMps <= 0) return { result: sortieEnergy(spec, model, legs), wind: CALM };
  const directions = wind.fromDeg !== undefined ? [wind.fromDeg] : Array.from({ length: 72 }, (_, k) => k * 5);
  let worst: { result: SortieResult; wind: Wind } | null = null;
  for (const fromDeg of directions) {
    const w = { fromDeg, speedMps: wind.speedMps };
    const result = sortieEnergy(spec, model, legs, w);
    if (!worst || (!result.feasible && worst.result.feasible) || (result.feasible === worst.result.feasible && result.energyWh > worst.result.energyWh)) worst = { result, wind: w };
  }
  return worst!;
}

/** 4D waypoints of a sortie: same vertical profile and ground speeds as sortieEnergy. */
export function sortieWaypoints(spec: DroneSpec, paths: LonLat[][], legs: Parameters<typeof sortieEnergy>[2]['legs'], wind: Wind, takeoffAt: number): Waypoint[] {
  const out: Waypoint[] = [];
  let t = takeoffAt;
  const drops = paths.length - 1;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    const startH = i === 0 ? 0 : spec.deliveryAltitudeM;
    const endH = i === drops ? 0 : spec.deliveryAltitudeM;
    const [sLon, sLat] = path[0]!;
    if (i === 0) out.push([sLon, sLat, 0, t]);
    t += Math.max(0, spec.cruiseAltitudeM - startH) / spec.climbMps;
    out.push([sLon, sLat, spec.cruiseAltitudeM, t]);
    legs[i]!.segments.forEach((seg, k) => {
      if (seg.distanceM > 0) {
        const gs = groundSpeedAlong(seg.trackDeg, spec.cruiseAirspeedMps, wind);
        t += seg.distanceM / (gs.ok ? gs.groundSpeedMps : spec.cruiseAirspeedMps);
      }
      const [lon, lat] = path[k + 1]!;
      out.push([lon, lat, spec.cruiseAltitudeM, t]);
    });
    const [eLon, eLat] = path[path.length - 1]!;
    t += Math.max(0, spec.cruiseAltitudeM - endH) / spec.descentMps;
    out.push([eLon, eLat, endH, t]);
    if (i < drops && spec.hoverSecondsPerDelivery > 0) {
      t += spec.hoverSecondsPerDelivery;
      out.push([eLon, eLat, endH, t]);
    }
  }
  return out.map(([lon, lat, h, time]) => [lon, lat, Math.round(h * 10) / 10, Math.round(time)]);
}

async function droneOf(repos: Repos, hubId: string, vehicleId: string): Promise<DroneUnit> {
  const unit = (await dronesAtHub(repos, hubId)).find((u) => u.vehicle.id === vehicleId);
  if (!unit) throw new DomainError('not_a_drone', `vehicle ${vehicleId} is not a profiled drone of hub ${hubId}`, { vehicleId, hubId });
  return unit;
}

/**
 * Stores one flight plan per sortie of a dispatched drone route, inside the caller's transaction.
 * Throws 'flight_infeasible' (no path around the zones, or the battery/wind does not allow it),
 * 'weather_unknown', 'drone_busy' (overlaps another sortie of the drone, turnaround included),
 * 'launch_pads_exceeded' (pads already taken by stored plans), 'no_charged_battery' /
 * 'no_charger_free' (every pack of the drone flying or charging at a launch) and
 * 'chargers_exceeded' (never expected: sessions are placed on free chargers) — all or nothing.
 * Each sortie's pack gets a charge session on the hub's chargers (drone-charging.ts).
 */
export async function createFlightPlansForRoute(ctx: DomainContext, tx: Repos, input: FlightPlanRouteInput): Promise<FlightPlanRow[]> {
  const hub = input.known?.hub ?? (await tx.hubs.get(input.hubId));
  if (!hub || hub.id !== input.hubId) throw notFound('hub', input.hubId);
  const unit = input.known?.unit ?? (await droneOf(tx, hub.id, input.vehicleId));
  if (unit.vehicle.id !== input.vehicleId) throw new DomainError('not_a_drone', `vehicle ${input.vehicleId} is not a profiled drone of hub ${hub.id}`, { vehicleId: input.vehicleId, hubId: hub.id });
  const spec = unit.spec;
  const zones = input.known?.zones ?? (await storedZones(tx));
  const now = nowS(ctx);
  const rows: FlightPlanRow[] = [];
  for (const s of input.sorties) {
    if (s.drops.length === 0) throw new DomainError('validation_failed', `sortie ${s.tripNo} has no drop`, { tripNo: s.tripNo });
    const air = zones.length ? preparedAirspace(zones, { atTime: s.launchAt, altitudeM: spec.cruiseAltitudeM, origin: [hub.lon, hub.lat] }) : undefined;
    const legs = sortieLegs([hub.lon, hub.lat], s.drops.map((d) => [d.lon, d.lat] as LonLat), air);
    if (!legs.ok) {
      throw new DomainError('flight_infeasible', `sortie ${s.tripNo}: leg ${legs.leg} has no flight path (${legs.reason.replace(/_/g, ' ')})`, { tripNo: s.tripNo, reason: legs.reason, zoneId: legs.zoneId ?? null });
    }
    const weather = await weatherProviderOf(ctx).conditionsAt(hub.id, s.launchAt);
    if (!weather) throw new DomainError('weather_unknown', `no weather is known for hub ${hub.id} at launch time`, { tripNo: s.tripNo });
    const sortie = { legs: legs.legs, parcelsKg: s.drops.map((d) => d.parcelG / 1000) };
    const { result, wind } = sortieInWind(spec, sortie, { speedMps: weather.windMps, ...(weather.windFromDeg !== undefined ? { fromDeg: weather.windFromDeg } : {}) });
    if (!result.feasible) throw new DomainError('flight_infeasible', `sortie ${s.tripNo}: ${result.message ?? result.reason}`, { tripNo: s.tripNo, reason: result.reason });
    const takeoffAt = s.launchAt + spec.launchSeconds;
    const path = sortieWaypoints(spec, legs.paths, legs.legs, wind, takeoffAt);
    const landAt = path[path.length - 1]![3];
    rows.push({
      id: ctx.ids.next('fpl'),
      hubId: hub.id,
      vehicleId: unit.vehicle.id,
      routeId: input.routeId ?? null,
      tripNo: s.tripNo,
      orderIds: s.drops.map((d) => d.orderId),
      state: 'planned',
      padFrom: s.launchAt,
      padUntil: Math.ceil(landAt + spec.recoverySeconds),
      takeoffAt,
      landAt,
      cruiseAltitudeM: spec.cruiseAltitudeM,
      path,
      distanceM: Math.round(result.perLeg.reduce((sum, l) => sum + l.distanceM, 0)),
      energyWh: Math.round(result.energyWh * 100) / 100,
      chargeFrom: null,
      chargeUntil: null,
      specId: spec.id,
      createdAt: now,
    });
  }
  const from = Math.min(...rows.map((r) => r.padFrom));
  const until = Math.max(...rows.map((r) => r.padUntil));
  const stored = rows.length ? await tx.flightPlans.padTimes(hub.id, from - spec.turnaroundSeconds, until + spec.turnaroundSeconds) : [];
  // One drone flies one sortie at a time, with its turnaround (battery swap) between two.
  const own = [...stored.filter((p) => p.vehicleId === unit.vehicle.id), ...rows].map((p) => ({ from: p.padFrom, until: p.padUntil + spec.turnaroundSeconds }));
  const busy = checkCapacity(1, own);
  if (!busy.ok) {
    throw new DomainError('drone_busy', `drone ${unit.vehicle.id} would fly two sorties at once (turnaround ${spec.turnaroundSeconds} s included) at ${new Date(busy.conflicts[0]!.from * 1000).toISOString()}`, { vehicleId: unit.vehicle.id, conflicts: busy.conflicts });
  }
  if (input.enforcePads !== false && rows.length) {
    const uses = [...stored, ...rows].flatMap((p) => [
      { at: p.padFrom, durationS: p.takeoffAt - p.padFrom },
      { at: p.landAt, durationS: p.padUntil - p.landAt },
    ]);
    const check = checkPadCapacity(hub.launchPads, uses);
    if (!check.ok) {
      throw new DomainError('launch_pads_exceeded', `hub ${hub.id} has ${hub.launchPads} launch pads; ${check.conflicts[0]!.count} would be in use at ${new Date(check.conflicts[0]!.from * 1000).toISOString()}`, { conflicts: check.conflicts, pads: hub.launchPads });
    }
  }
  if (rows.length) placeChargeSessions(await tx.flightPlans.chargeTimes(hub.id, from, until + SPENT_PACK_HOLD_S, hub.chargers > 0 ? 0 : SPENT_PACK_HOLD_S), hub, unit, rows);
  await tx.flightPlans.insert(rows);
  return rows;
}

/**
 * Gives each new sortie's pack a charge session (from its recovery, on the first charger free for
 * the whole session, sized by the sortie's energy), then checks the drone never launches without a
 * charged pack and the hub's chargers are never over-booked where the new sessions run.
 */
function placeChargeSessions(stored: ReadonlyArray<Parameters<typeof packUse>[0] & { vehicleId: string }>, hub: HubRow, unit: DroneUnit, rows: FlightPlanRow[]): void {
  const sessions: Interval[] = stored.filter((p) => p.chargeFrom !== null && p.chargeUntil !== null).map((p) => ({ from: p.chargeFrom!, until: p.chargeUntil! }));
  const fresh: Interval[] = [];
  for (const r of [...rows].sort((a, b) => a.padFrom - b.padFrom)) {
    const s = chargeSession(hub.chargers, [...sessions, ...fresh], r.padUntil, chargeSeconds(unit.spec, r.energyWh));
    r.chargeFrom = s?.from ?? null;
    r.chargeUntil = s?.until ?? null;
    if (s) fresh.push(s);
  }
  const chargers = checkChargerCapacity(hub.chargers, [...sessions, ...fresh]);
  const clash = chargers.conflicts.find((c) => fresh.some((f) => f.from < c.until && f.until > c.from));
  if (clash) {
    throw new DomainError('chargers_exceeded', `hub ${hub.id} has ${hub.chargers} chargers; ${clash.count} packs would charge at ${new Date(clash.from * 1000).toISOString()}`, { conflicts: chargers.conflicts, chargers: hub.chargers });
  }
  const packs = batteryPacksOf(unit.spec);
  const uses = [...stored.filter((p) => p.vehicleId === unit.vehicle.id).map((p) => packUse(p, hub.chargers)), ...rows.map((r) => packUse(r, hub.chargers))];
  const check = checkCapacity(packs, uses);
  const over = check.conflicts[0];
  if (over) {
    // The sortie that launched into the shortage: the new one launching last at or before it.
    const late = rows.filter((r) => r.padFrom <= over.from).sort((a, b) => b.padFrom - a.padFrom)[0] ?? rows[0]!;
    const code = packWaitCode(uses.filter((u) => u.from !== late.padFrom), late.padFrom);
    throw new DomainError(code, `drone ${unit.vehicle.id} has ${packs} battery packs; none charged for sortie ${late.tripNo} at ${new Date(late.padFrom * 1000).toISOString()}${code === NO_CHARGED_BATTERY ? '' : ' (a pack is waiting for a free charger)'}`, { tripNo: late.tripNo, conflicts: check.conflicts, packs });
  }
}

/** Replanning: the route's plans that have not started are cancelled (they stop holding pads). */
export async function cancelFlightPlansForRoute(tx: Repos, routeId: string): Promise<number> {
  return tx.flightPlans.cancelPlannedForRoute(routeId);
}

/** Replanning several routes: their plans that have not started are cancelled, in one statement. */
export async function cancelFlightPlansForRoutes(tx: Repos, routeIds: readonly string[]): Promise<number> {
  return tx.flightPlans.cancelPlannedForRoutes(routeIds);
}

/** Operators see every plan; a device only its own drone's. */
export async function getFlightPlan(ctx: DomainContext, actor: Actor, id: string): Promise<FlightPlanRow> {
  const row = await ctx.store.repos.flightPlans.get(id);
  if (!row || (actor.role === 'device' && actor.subjectId !== row.vehicleId) || (actor.role !== 'operator' && actor.role !== 'device')) throw notFound('flight plan', id);
  return row;
}

export async function listFlightPlans(ctx: DomainContext, actor: Actor, filter: { hubId?: string; vehicleId?: string; routeId?: string }, page: PageRequest): Promise<Page<FlightPlanRow>> {
  if (actor.role === 'device') {
    if (filter.vehicleId && filter.vehicleId !== actor.subjectId) return { items: [] };
    return ctx.store.repos.flightPlans.list({ ...filter, vehicleId: actor.subjectId ?? '' }, page);
  }
  return ctx.store.repos.flightPlans.list(filter, page);
}

const isoOf = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

/**
 * GeoJSON FeatureCollection of a flight plan: the 3D LineString (altitude in metres above ground as the
 * third coordinate, per-vertex times in properties.times), the hub, and one Point per drop.
 */
export function flightPlanGeoJson(plan: FlightPlanRow) {
  const path = plan.path;
  // Low points (below cruise) grouped by position: the hub at both ends, the drops in between, in order.
  const low: Array<{ at: number; lonLat: [number, number] }> = [];
  for (const [lon, lat, alt, t] of path) {
    if (alt >= plan.cruiseAltitudeM) continue;
    const last = low[low.length - 1];
    if (last && last.lonLat[0] === lon && last.lonLat[1] === lat) last.at = t;
    else low.push({ at: t, lonLat: [lon, lat] });
  }
  const drops = low.slice(1, -1);
  return {
    type: 'FeatureCollection' as const,
    features: [
      {
        type: 'Feature' as const,
        id: plan.id,
        geometry: { type: 'LineString' as const, coordinates: path.map(([lon, lat, alt]) => [lon, lat, alt]) },
        properties: {
          kind: 'flight_path',
          flightPlanId: plan.id,
          hubId: plan.hubId,
          vehicleId: plan.vehicleId,
          routeId: plan.routeId,
          tripNo: plan.tripNo,
          orderIds: plan.orderIds,
          state: plan.state,
          specId: plan.specId,
          altitudeReference: 'AGL',
          cruiseAltitudeM: plan.cruiseAltitudeM,
          times: path.map(([, , , t]) => isoOf(t)),
          takeoffAt: isoOf(plan.takeoffAt),
          landAt: isoOf(plan.landAt),
          distanceM: plan.distanceM,
          energyWh: plan.energyWh,
          chargeFrom: plan.chargeFrom === null ? null : isoOf(plan.chargeFrom),
          chargeUntil: plan.chargeUntil === null ? null : isoOf(plan.chargeUntil),
        },
      },
      { type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [path[0]![0], path[0]![1]] }, properties: { kind: 'hub', hubId: plan.hubId } },
      ...drops.map((d, i) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: d.lonLat },
        properties: { kind: 'drop', orderId: plan.orderIds[i] ?? null, at: isoOf(d.at) },
      })),
    ],
  };
}

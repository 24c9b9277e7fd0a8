// Energy and duration of one sortie: hub → drop 1 → … → drop k → hub, flown at the cruise airspeed
// in a uniform wind, with the payload falling after each drop, and the battery reserve rule.
//
// Vertical profile of every leg: climb from the start height (0 at the hub, the delivery altitude at a
// drop) to the cruise altitude, cruise along the ground track, descend to the end height (the delivery
// altitude at a drop, 0 at the hub). At each drop the drone spends `hoverSecondsPerDelivery` at the
// delivery altitude, still carrying that parcel (it is on the tether until released): hovering when
// the delivery altitude is above 0, on the ground with no energy when it lands.
// Vertical phases are not affected by wind (the drone holds position); cruise time is distance / ground speed.

import { type EnergyModel, type FlightPhase } from './energy.js';
import { type DroneSpec, energyBudgetWh } from './spec.js';
import { CALM, type Wind, groundSpeedAlong, windAboveLimit } from './wind.js';

/** A straight piece of ground track. A leg detoured around a no-fly zone has several. */
export interface TrackSegment {
  distanceM: number;
  /** Direction of travel, degrees clockwise from true north. */
  trackDeg: number;
}

export interface SortieLeg {
  segments: TrackSegment[];
}

/** legs[i] flies to drop i (i < parcelsKg.length); the last leg flies back to the hub: legs.length === parcelsKg.length + 1. */
export interface Sortie {
  legs: SortieLeg[];
  /** Mass of the parcel delivered at each drop, kg. */
  parcelsKg: number[];
}

export type SortieInfeasibility =
  | 'invalid_sortie'
  | 'payload_over_limit'
  | 'wind_above_limit'
  | 'headwind_too_strong'
  | 'crosswind_too_strong'
  | 'battery_insufficient';

export interface LegReport {
  /** Ground distance of the leg, m. */
  distanceM: number;
  /** Payload carried on this leg (before the drop at its end), kg. */
  payloadKg: number;
  climbS: number;
  cruiseS: number;
  descentS: number;
  /** Delivery time at the end of the leg (0 for the leg back to the hub). */
  hoverS: number;
  /** Energy of climb + cruise + descent + delivery hover, Wh (Infinity when the wind makes the leg impossible). */
  energyWh: number;
  /** Lowest ground speed over the leg's segments, m/s (0 when impossible). */
  minGroundSpeedMps: number;
}

export interface SortieResult {
  feasible: boolean;
  /** The first reason that makes the sortie infeasible; absent when feasible. */
  reason?: SortieInfeasibility;
  message?: string;
  /** Energy drawn from the battery, Wh (Infinity when a leg cannot be flown). */
  energyWh: number;
  /** Energy the sortie may use: battery × usable × (1 − reserve), Wh. */
  budgetWh: number;
  /** From the start of launch handling to the end of recovery handling, s (turnaround not included). */
  durationS: number;
  /** From take-off to the final landing, s (time spent at the drops included, on the ground or hovering). */
  flightS: number;
  perLeg: LegReport[];
}

const J_PER_WH = 3600;

function stepPower(model: EnergyModel, spec: DroneSpec, payloadKg: number, phase: FlightPhase): number {
  return model.powerW(spec, payloadKg, phase, phase === 'cruise' ? spec.cruiseAirspeedMps : 0);
}

/** Energy and time of one leg between two heights, or the reason the wind forbids it. */
export function legEnergy(
  spec: DroneSpec,
  model: EnergyModel,
  segments: readonly TrackSegment[],
  payloadKg: number,
  startHeightM: number,
  endHeightM: number,
  hoverS: number,
  wind: Wind,
): LegReport & { reason?: 'headwind_too_strong' | 'crosswind_too_strong' } {
  const climbS = Math.max(0, spec.cruiseAltitudeM - startHeightM) / spec.climbMps;
  const descentS = Math.max(0, spec.cruiseAltitudeM - endHeightM) / spec.descentMps;
  let distanceM = 0;
  let cruiseS = 0;
  let minGroundSpeedMps = Infinity;
  for (const seg of segments) {
    distanceM += seg.distanceM;
    if (seg.distanceM === 0) continue;
    const gs = groundSpeedAlong(seg.trackDeg, spec.cruiseAirspeedMps, wind);
    if (!gs.ok) {
      return {
        distanceM,
        payloadKg,
        climbS,
        cruiseS: Infinity,
        descentS,
        hoverS,
        energyWh: Infinity,
        minGroundSpeedMps: 0,
        reason: gs.reason,
      };
    }
    cruiseS += seg.distanceM / gs.groundSpeedMps;
    if (gs.groundSpeedMps < minGroundSpeedMps) minGroundSpeedMps = gs.groundSpeedMps;
  }
  const hoverJ = endHeightM > 0 ? stepPower(model, spec, payloadKg, 'hover') * hoverS : 0;
  const joules =
    stepPower(model, spec, payloadKg, 'climb') * climbS +
    stepPower(model, spec, payloadKg, 'cruise') * cruiseS +
    stepPower(model, spec, payloadKg, 'descent') * descentS +
    hoverJ;
  return {
    distanceM,
    payloadKg,
    climbS,
    cruiseS,
    descentS,
    hoverS,
    energyWh: joules / J_PER_WH,
    minGroundSpeedMps: segments.length === 0 || minGroundSpeedMps === Infinity ? spec.cruiseAirspeedMps : minGroundSpeedMps,
  };
}

function infeasible(
  reason: SortieInfeasibility,
  message: string,
  budgetWh: number,
  perLeg: LegReport[] = [],
): SortieResult {
  return { feasible: false, reason, message, energyWh: Infinity, budgetWh, durationS: Infinity, flightS: Infinity, perLeg };
}

/**
 * Energy, duration and feasibility of a sortie. Feasible when the payload is within the limit, the wind
 * within the vehicle's limit, every leg flyable (ground speed > 0), and energy ≤ the budget (reserve kept).
 */
export function sortieEnergy(spec: DroneSpec, model: EnergyModel, sortie: Sortie, wind: Wind = CALM): SortieResult {
  const budgetWh = energyBudgetWh(spec);
  const { legs, parcelsKg } = sortie;
  if (legs.length !== parcelsKg.length + 1) {
    return infeasible('invalid_sortie', `a sortie with ${parcelsKg.length} drops needs ${parcelsKg.length + 1} legs, got ${legs.length}`, budgetWh);
  }
  let payloadKg = 0;
  for (const kg of parcelsKg) {
    if (!(kg >= 0) || !Number.isFinite(kg)) return infeasible('invalid_sortie', `parcel mass must be a finite number ≥ 0, got ${kg}`, budgetWh);
    payloadKg += kg;
  }
  if (payloadKg > spec.maxPayloadKg + 1e-9) {
    return infeasible('payload_over_limit', `payload ${payloadKg} kg exceeds the limit of ${spec.maxPayloadKg} kg`, budgetWh);
  }
  if (windAboveLimit(wind, spec.maxWindMps)) {
    return infeasible('wind_above_limit', `wind ${wind.speedMps} m/s exceeds the limit of ${spec.maxWindMps} m/s`, budgetWh);
  }
  const perLeg: LegReport[] = [];
  let energyWh = 0;
  let flightS = 0;
  for (let i = 0; i < legs.length; i++) {
    const toHub = i === parcelsKg.length;
    const startHeightM = i === 0 ? 0 : spec.deliveryAltitudeM;
    const endHeightM = toHub ? 0 : spec.deliveryAltitudeM;
    const hoverS = toHub ? 0 : spec.hoverSecondsPerDelivery;
    const leg = legEnergy(spec, model, legs[i]!.segments, payloadKg, startHeightM, endHeightM, hoverS, wind);
    const { reason, ...report } = leg;
    perLeg.push(report);
    if (reason) return infeasible(reason, `leg ${i} cannot be flown: ${reason.replace(/_/g, ' ')}`, budgetWh, perLeg);
    energyWh += leg.energyWh;
    flightS += leg.climbS + leg.cruiseS + leg.descentS + hoverS;
    if (!toHub) payloadKg = Math.max(0, payloadKg - parcelsKg[i]!);
  }
  const durationS = spec.launchSeconds + flightS + spec.recoverySeconds;
  const feasible = energyWh <= budgetWh;
  return {
    feasible,
    ...(feasible
      ? {}
      : {
          reason: 'battery_insufficient' as const,
          message: `needs ${energyWh.toFixed(1)} Wh, the budget with reserve is ${budgetWh.toFixed(1)} Wh`,
        }),
    energyWh,
    budgetWh,
    durationS,
    flightS,
    perLeg,
  };
}

/**
 * Allocation-free energy (Wh) of a trip for the solver's hot path: legs[i] has ground distance
 * `distancesM[i]` (and track `tracksDeg[i]` when there is wind), parcelsKg.length === distancesM.length − 1.
 * Same physics as sortieEnergy; returns Infinity when the payload or wind is over the limit or a leg
 * cannot be flown. Compare the result with energyBudgetWh(spec).
 */
export function tripEnergyWh(
  spec: DroneSpec,
  model: EnergyModel,
  distancesM: ArrayLike<number>,
  parcelsKg: ArrayLike<number>,
  wind: Wind = CALM,
  tracksDeg?: ArrayLike<number>,
): number {
  const legCount = distancesM.length;
  if (legCount !== parcelsKg.length + 1) return Infinity;
  let payloadKg = 0;
  for (let i = 0; i < parcelsKg.length; i++) payloadKg += parcelsKg[i]!;
  if (payloadKg > spec.maxPayloadKg + 1e-9 || windAboveLimit(wind, spec.maxWindMps)) return Infinity;
  const calm = wind.speedMps === 0;
  if (!calm && tracksDeg === undefined) return Infinity; // wind needs directions
  let joules = 0;
  for (let i = 0; i < legCount; i++) {
    const toHub = i === legCount - 1;
    const startHeightM = i === 0 ? 0 : spec.deliveryAltitudeM;
    const endHeightM = toHub ? 0 : spec.deliveryAltitudeM;
    let groundSpeed = spec.cruiseAirspeedMps;
    if (!calm && distancesM[i]! > 0) {
      const gs = groundSpeedAlong(tracksDeg![i]!, spec.cruiseAirspeedMps, wind);
      if (!gs.ok) return Infinity;
      groundSpeed = gs.groundSpeedMps;
    }
    const hoverS = !toHub && endHeightM > 0 ? spec.hoverSecondsPerDelivery : 0;
    joules +=
      stepPower(model, spec, payloadKg, 'climb') * (Math.max(0, spec.cruiseAltitudeM - startHeightM) / spec.climbMps) +
      stepPower(model, spec, payloadKg, 'descent') * (Math.max(0, spec.cruiseAltitudeM - endHeightM) / spec.descentMps) +
      stepPower(model, spec, payloadKg, 'cruise') * (distancesM[i]! / groundSpeed) +
      stepPower(model, spec, payloadKg, 'hover') * hoverS;
    if (!toHub) payloadKg = Math.max(0, payloadKg - parcelsKg[i]!);
  }
  return joules / J_PER_WH;
}

/** A single straight leg. */
export function straightLeg(distanceM: number, trackDeg: number): SortieLeg {
  return { segments: [{ distanceM, trackDeg }] };
}

/**
 * Largest radius r such that an out-and-back sortie (hub → one drop at distance r → hub) carrying
 * `payloadKg` out fits the budget. With `trackDeg` the drop lies in that direction; without it the
 * result is the worst case over all directions (what eligibility must use when the wind is known but
 * the direction is not). 0 when the payload or wind is over the limit or a leg cannot be flown.
 *
 * Energy is affine in r (fixed vertical/hover part + r × per-metre cruise cost), so r is solved exactly.
 */
export function maxRoundTripRadiusM(
  spec: DroneSpec,
  model: EnergyModel,
  payloadKg: number,
  wind: Wind = CALM,
  trackDeg?: number,
): number {
  if (payloadKg > spec.maxPayloadKg + 1e-9 || payloadKg < 0) return 0;
  if (windAboveLimit(wind, spec.maxWindMps)) return 0;
  const budgetJ = energyBudgetWh(spec) * J_PER_WH;
  // Fixed part: the two legs with zero horizontal distance.
  const out = legEnergy(spec, model, [], payloadKg, 0, spec.deliveryAltitudeM, spec.hoverSecondsPerDelivery, CALM);
  const back = legEnergy(spec, model, [], 0, spec.deliveryAltitudeM, 0, 0, CALM);
  const fixedJ = (out.energyWh + back.energyWh) * J_PER_WH;
  if (fixedJ >= budgetJ) return 0;
  const cruiseOutW = stepPower(model, spec, payloadKg, 'cruise');
  const cruiseBackW = stepPower(model, spec, 0, 'cruise');
  const radiusFor = (track: number): number => {
    const gOut = groundSpeedAlong(track, spec.cruiseAirspeedMps, wind);
    const gBack = groundSpeedAlong(track + 180, spec.cruiseAirspeedMps, wind);
    if (!gOut.ok || !gBack.ok) return 0;
    const joulesPerMetre = cruiseOutW / gOut.groundSpeedMps + cruiseBackW / gBack.groundSpeedMps;
    return (budgetJ - fixedJ) / joulesPerMetre;
  };
  if (trackDeg !== undefined) return radiusFor(trackDeg);
  // Worst direction: a 1° sweep plus the wind axis and its perpendiculars, where the extremes lie.
  let worst = Infinity;
  for (let deg = 0; deg < 360; deg++) worst = Math.min(worst, radiusFor(deg));
  for (const k of [0, 90, 180, 270]) worst = Math.min(worst, radiusFor(wind.fromDeg + k));
  return worst;
}

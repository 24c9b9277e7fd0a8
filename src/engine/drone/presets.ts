// Drone presets: envelopes "like" public delivery drones, for the demo city and tests.
// They are NOT vendor data sheets. Public figures (payload, radius, speed, delivery method, rain)
// come from the press coverage collected in shared/research/drone-facts.md §2.1; every other
// number (mass where unpublished, battery, rotor geometry, vertical speeds, limits) is an assumption
// marked "assumed". Treat presets as editable defaults.
//
// Calibration: each Dorling preset fixes its battery from an assumption (pack ≈ 30–40 % of the
// empty mass at ≈ 200 Wh/kg), then its `efficiency` η is set by `calibrateDorlingEfficiency`
// (calibrate.ts) so that the worst-direction out-and-back radius in calm air, at MAX payload,
// with the reserve kept, equals the public radius. test/engine/drone/presets.test.ts re-checks it.
// Dorling's model is a hover model; for lift+cruise airframes (Wing, Zipline P2) the calibrated η
// absorbs the cheaper wing-borne cruise, so η is an effective figure, not a component efficiency.

import { ISA_AIR_DENSITY_KGM3, MFSTSP_FAST_LINEAR, MFSTSP_SLOW_LINEAR } from './energy.js';
import type { DroneSpec } from './spec.js';

const LB_KG = 0.45359237;
const KMH_MPS = 1 / 3.6;
const MPH_MPS = 0.44704;

/**
 * Wing-like (Alphabet Wing): lift + cruise, 14 props (12 lift rotors + 2 cruise), 4.8 kg, 1.5 m span;
 * 104 km/h (65 mph); "20 km (12 mi) round trip" → 10 km radius; hovers at ~7 m and lowers the parcel
 * on a tether. Payload: 5 lb model from 2024 (the 20 km figure was published for the earlier
 * 1.5 kg-payload model, so using it at 2.3 kg is optimistic). Sources: newatlas via freedomsphoenix (2021),
 * dronedj.com (2024), bandwidthblog (2024).
 * Calibration target: 10,000 m at 2.27 kg.
 */
export const WING_LIKE: DroneSpec = {
  id: 'vty_wing_like',
  name: 'Wing-like lift+cruise',
  emptyMassKg: 4.8,
  maxPayloadKg: 5 * LB_KG,
  batteryWh: 240, // assumed: ≈1.2 kg pack at 200 Wh/kg
  usableFraction: 0.9, // assumed
  reserveFraction: 0.2, // assumed operator reserve
  cruiseAirspeedMps: 104 * KMH_MPS,
  climbMps: 4, // assumed
  descentMps: 3, // assumed
  cruiseAltitudeM: 50, // assumed (≤ 120 m / 400 ft rules)
  deliveryAltitudeM: 7, // public: hovers at ~7 m (23 ft)
  hoverSecondsPerDelivery: 30, // assumed within the 6–60 s tether range
  launchSeconds: 30, // assumed
  recoverySeconds: 30, // assumed
  turnaroundSeconds: 180, // assumed battery swap
  maxWindMps: 12, // assumed (delivery limits are commonly 15–25 kn)
  rainAllowed: false, // no public rain claim
  temperatureRangeC: { min: 0, max: 40 }, // common-drone default (Gao et al. 2021)
  rotorCount: 12,
  rotorDiscAreaM2: Math.PI * 0.13 ** 2, // assumed ≈ 10" lift props
  energy: { kind: 'dorling', airDensityKgM3: ISA_AIR_DENSITY_KGM3, efficiency: 0.4724 /* calibrated */, avionicsW: 30 },
};

/**
 * MK30-like (Amazon Prime Air MK30, successor of the hexacopter MK27-2 of ~36 kg): ≤ 5 lb payload;
 * "about double the MK27" ≈ 7 statute miles ≈ 11 km from the hub; MK27 max 50 mph (80 km/h);
 * drops the parcel from a low hover (~12 ft ≈ 4 m); flies up to 400 ft; light rain OK; wider
 * temperature range. Sources: flyingmag.com (Tolleson), interestingengineering.com, fox32chicago.com,
 * avweb.com, dronevideos.com (2022). The MK30 mass is unpublished: the MK27-2's 36 kg is assumed.
 * Calibration target: 11,000 m at 2.27 kg.
 */
export const MK30_LIKE: DroneSpec = {
  id: 'vty_mk30_like',
  name: 'MK30-like hexacopter',
  emptyMassKg: 36, // assumed from MK27-2 (~80 lb)
  maxPayloadKg: 5 * LB_KG,
  batteryWh: 2600, // assumed: ≈13 kg pack at 200 Wh/kg
  usableFraction: 0.9,
  reserveFraction: 0.2,
  cruiseAirspeedMps: 80 * KMH_MPS, // public max 50 mph; cruise assumed at it
  climbMps: 3,
  descentMps: 2.5,
  cruiseAltitudeM: 90, // assumed, below 400 ft
  deliveryAltitudeM: 4, // public: drops from ~12 ft
  hoverSecondsPerDelivery: 10, // assumed: free drop
  launchSeconds: 60,
  recoverySeconds: 60,
  turnaroundSeconds: 300,
  maxWindMps: 12, // assumed
  rainAllowed: true, // public: light rain OK
  temperatureRangeC: { min: -10, max: 45 }, // public "wider range"; bounds assumed
  rotorCount: 6,
  rotorDiscAreaM2: Math.PI * 0.3 ** 2, // assumed ≈ 0.6 m props
  energy: { kind: 'dorling', airDensityKgM3: ISA_AIR_DENSITY_KGM3, efficiency: 0.5777 /* calibrated */, avionicsW: 60 },
};

/**
 * Zipline P2-like ("Zip" + tethered "Droid"): VTOL lift + cruise; up to 8 lb (Droid carries 2.5–3.5 kg);
 * 10-mile (16 km) service radius, "10 mi in ~10 min" (≈ 60 mph); hovers ~300 ft AGL and lowers the
 * Droid on a tether; flies in rain. Sources: yahoo/engadget (2023), IEEE Spectrum (2024), foxbangor.
 * Mass unpublished: 25 kg assumed. Calibration target: 16,093 m (10 mi) at 3.63 kg (8 lb).
 */
export const ZIPLINE_P2_LIKE: DroneSpec = {
  id: 'vty_zipline_p2_like',
  name: 'Zipline P2-like VTOL',
  emptyMassKg: 25, // assumed
  maxPayloadKg: 8 * LB_KG,
  batteryWh: 2000, // assumed: ≈10 kg pack at 200 Wh/kg
  usableFraction: 0.9,
  reserveFraction: 0.2,
  cruiseAirspeedMps: 60 * MPH_MPS,
  climbMps: 5,
  descentMps: 4,
  cruiseAltitudeM: 100, // assumed
  deliveryAltitudeM: 91, // public: hovers ~300 ft AGL while the Droid descends
  hoverSecondsPerDelivery: 60, // assumed: Droid lowered ~90 m, steered, reeled back
  launchSeconds: 30,
  recoverySeconds: 30,
  turnaroundSeconds: 240, // assumed: autonomous dock charging would be longer; swap assumed
  maxWindMps: 13, // assumed (25 kn)
  rainAllowed: true, // public
  temperatureRangeC: { min: -10, max: 45 }, // assumed
  rotorCount: 4,
  rotorDiscAreaM2: Math.PI * 0.35 ** 2, // assumed
  energy: { kind: 'dorling', airDensityKgM3: ISA_AIR_DENSITY_KGM3, efficiency: 0.5667 /* calibrated */, avionicsW: 60 },
};

/**
 * mFSTSP UAV types 101 (fast, low range) and 104 (slow, high range), exactly as in the benchmark
 * (optimatorlab/mFSTSP tbl_vehicles_101/104.csv and endurance_calculator.py; Murray & Raj 2020):
 * capacity 5 lb, cruise altitude 50 m, launch 60 s, recovery 30 s, 60 s on the ground per customer,
 * battery 457,503 J / 562,990 J, no reserve (the benchmark only requires energy left ≥ 0), linear fit.
 * Mass 1.5 kg is the vehicle mass used in that code. Weather limits are not part of the benchmark (defaults).
 */
export const MFSTSP_101: DroneSpec = {
  id: 'vty_mfstsp_101',
  name: 'mFSTSP UAV 101 (fast, low range)',
  emptyMassKg: 1.5,
  maxPayloadKg: 5 * LB_KG,
  batteryWh: 457_503 / 3600,
  usableFraction: 1,
  reserveFraction: 0,
  cruiseAirspeedMps: 31.2928,
  climbMps: 15.6464,
  descentMps: 7.8232,
  cruiseAltitudeM: 50,
  deliveryAltitudeM: 0,
  hoverSecondsPerDelivery: 60,
  launchSeconds: 60,
  recoverySeconds: 30,
  turnaroundSeconds: 0,
  maxWindMps: 10,
  rainAllowed: false,
  temperatureRangeC: { min: 0, max: 40 },
  rotorCount: 4,
  rotorDiscAreaM2: Math.PI * 0.127 ** 2,
  energy: MFSTSP_FAST_LINEAR,
};

export const MFSTSP_104: DroneSpec = {
  ...MFSTSP_101,
  id: 'vty_mfstsp_104',
  name: 'mFSTSP UAV 104 (slow, high range)',
  batteryWh: 562_990 / 3600,
  cruiseAirspeedMps: 15.6464,
  climbMps: 7.8232,
  descentMps: 3.9116,
  energy: MFSTSP_SLOW_LINEAR,
};

/** Public radius each calibrated preset targets (m), at max payload, calm air, reserve kept. */
export const PRESET_TARGET_RADIUS_M: Readonly<Record<string, number>> = {
  [WING_LIKE.id]: 10_000,
  [MK30_LIKE.id]: 11_000,
  [ZIPLINE_P2_LIKE.id]: 10 * 1609.344,
};

export const DRONE_PRESETS: readonly DroneSpec[] = [WING_LIKE, MK30_LIKE, ZIPLINE_P2_LIKE, MFSTSP_101, MFSTSP_104];

export function dronePreset(id: string): DroneSpec | undefined {
  return DRONE_PRESETS.find((p) => p.id === id);
}

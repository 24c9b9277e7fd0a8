// Pluggable drone energy models. A model answers one question: how much electrical power (W)
// does this drone draw in this flight phase with this payload? Energy is then power × time,
// which keeps the hot path to one multiplication per leg and lets callers plug their own model.

import type { DorlingParams, DroneSpec, LinearFitParams } from './spec.js';

export type FlightPhase = 'cruise' | 'climb' | 'descent' | 'hover';

export const GRAVITY_MPS2 = 9.81;
export const ISA_AIR_DENSITY_KGM3 = 1.225;

export interface EnergyModel {
  readonly name: string;
  /** Electrical power in W while flying `phase` with `payloadKg` on board at horizontal airspeed `airspeedMps`. */
  powerW(spec: DroneSpec, payloadKg: number, phase: FlightPhase, airspeedMps: number): number;
}

/**
 * Ideal hover power from momentum theory, Dorling et al. 2017 (IEEE T-SMC, doi 10.1109/TSMC.2016.2582745):
 * P = (W + m)^{3/2} · sqrt(g³ / (2·ρ·ς·h)), with W + m the total mass (kg), ς the area of one rotor disc and h the rotor count.
 */
export function momentumHoverPowerW(
  totalMassKg: number,
  rotorCount: number,
  rotorDiscAreaM2: number,
  airDensityKgM3: number = ISA_AIR_DENSITY_KGM3,
): number {
  return totalMassKg ** 1.5 * Math.sqrt(GRAVITY_MPS2 ** 3 / (2 * airDensityKgM3 * rotorDiscAreaM2 * rotorCount));
}

/**
 * Dorling et al.: the same hover power in every phase (the paper's assumption: forward flight at delivery
 * speeds costs about what hovering costs), divided by an overall efficiency, plus avionics.
 */
export function dorlingModel(params: DorlingParams): EnergyModel {
  return {
    name: 'dorling',
    powerW(spec, payloadKg) {
      const ideal = momentumHoverPowerW(
        spec.emptyMassKg + payloadKg,
        spec.rotorCount,
        spec.rotorDiscAreaM2,
        params.airDensityKgM3,
      );
      return ideal / params.efficiency + params.avionicsW;
    },
  };
}

/**
 * The linear per-leg fit of the mFSTSP benchmark (Murray & Raj 2020, TR-C 110:368–398; code
 * optimatorlab/mFSTSP endurance_calculator.py, "Etype 2"): E = t · (A·m_parcel + B), the same power for
 * take-off, cruise and landing. A and B were fitted at one cruise speed; they do not scale with airspeed.
 */
export function linearFitModel(params: LinearFitParams): EnergyModel {
  return {
    name: 'linear',
    powerW(_spec, payloadKg) {
      return params.wattsPerKg * payloadKg + params.baseW;
    },
  };
}

/**
 * mFSTSP coefficient sets (endurance_calculator.py, as fitted by the authors to their Liu et al. 2017
 * power model). FAST goes with a 31.2928 m/s cruise speed, SLOW with 15.6464 m/s.
 */
export const MFSTSP_FAST_LINEAR: LinearFitParams = { kind: 'linear', wattsPerKg: 24.2368, baseW: 1391.9916 };
export const MFSTSP_SLOW_LINEAR: LinearFitParams = { kind: 'linear', wattsPerKg: 210.8011, baseW: 181.2141 };

/** The model a spec names in its `energy` field. */
export function energyModelFor(spec: DroneSpec): EnergyModel {
  return spec.energy.kind === 'dorling' ? dorlingModel(spec.energy) : linearFitModel(spec.energy);
}

/** Energy in Wh of `seconds` at `powerW`. */
export function wattHours(powerW: number, seconds: number): number {
  return (powerW * seconds) / 3600;
}

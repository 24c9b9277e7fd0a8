// Fitting one free parameter of an energy model so that a drone reaches a published round-trip radius.
// Vendors publish radius and payload, almost never battery energy or efficiency, so presets fix the
// battery from an assumption and let the model's efficiency (or the linear fit's scale) absorb the rest.

import { energyModelFor } from './energy.js';
import { maxRoundTripRadiusM } from './sortie.js';
import type { DroneSpec } from './spec.js';
import { CALM, type Wind } from './wind.js';

/** Radius (m) of `spec` with the energy model it names, carrying `payloadKg` (default: its max payload), worst direction. */
export function specRadiusM(spec: DroneSpec, payloadKg: number = spec.maxPayloadKg, wind: Wind = CALM): number {
  return maxRoundTripRadiusM(spec, energyModelFor(spec), payloadKg, wind);
}

/**
 * Dorling model: the efficiency η in (0, 1] that gives `targetRadiusM` in calm air at `payloadKg`.
 * The radius grows monotonically with η, so bisection converges; returns NaN when even η = 1 falls
 * short (the assumed battery is too small for the published radius).
 */
export function calibrateDorlingEfficiency(spec: DroneSpec, targetRadiusM: number, payloadKg = spec.maxPayloadKg): number {
  if (spec.energy.kind !== 'dorling') throw new Error(`spec ${spec.id} does not use the dorling model`);
  const energy = spec.energy;
  const withEfficiency = (efficiency: number): DroneSpec => ({ ...spec, energy: { ...energy, efficiency } });
  if (specRadiusM(withEfficiency(1), payloadKg) < targetRadiusM) return Number.NaN;
  let low = 1e-3;
  let high = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (specRadiusM(withEfficiency(mid), payloadKg) < targetRadiusM) low = mid;
    else high = mid;
  }
  return high;
}

// A drone's battery for the routing engine (model Vehicle.energy): a linear power model in the
// payload, P(m) = base + perLoad·m, and the per-trip budget (usable energy less the reserve).
// The linear model of a spec is itself; for the Dorling model, power grows as (W + m)^{3/2}, which
// is convex in m, so its chord over [0, max payload] lies above it everywhere on that interval:
// routes planned with the chord never draw more than the Dorling model says. Cruise power only:
// climb, descent and hover at the drop are not in the per-leg linear model (the budget should keep
// a margin for them, as the spec's reserve does).
import type { VehicleEnergy } from '../model.js';
import type { EnergyModel } from './energy.js';
import type { DroneSpec } from './spec.js';

export interface BatteryFitOptions {
  /** Kilograms per unit of the load dimension (e.g. 0.001 when demands are in grams). */
  kgPerLoadUnit: number;
  /** Capacity dimension holding the payload. */
  dimension: number;
  /** Units of the duration matrix per second (1 for seconds). */
  timeUnitsPerSecond?: number;
}

/** Energy in joules; base and perLoad in joules per time unit (per load unit). */
export function vehicleEnergyFromDrone(spec: DroneSpec, model: EnergyModel, opts: BatteryFitOptions): VehicleEnergy {
  const perSecond = opts.timeUnitsPerSecond ?? 1;
  const p0 = model.powerW(spec, 0, 'cruise', spec.cruiseAirspeedMps);
  const p1 = model.powerW(spec, spec.maxPayloadKg, 'cruise', spec.cruiseAirspeedMps);
  const wPerKg = spec.maxPayloadKg > 0 ? (p1 - p0) / spec.maxPayloadKg : 0;
  return {
    budget: spec.batteryWh * 3600 * spec.usableFraction * (1 - spec.reserveFraction),
    base: p0 / perSecond,
    perLoad: (wPerKg * opts.kgPerLoadUnit) / perSecond,
    dimension: opts.dimension,
  };
}

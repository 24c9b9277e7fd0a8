// The physical and operational envelope of one drone type, and its validation.
// Masses are in kilograms here (not grams as elsewhere) because every energy formula is in SI;
// the field names carry the unit so that callers convert once at the boundary (grams / 1000).

/** Parameters of the energy model a drone type uses; see energy.ts for the formulas. */
export type EnergyParams = DorlingParams | LinearFitParams;

/**
 * Momentum-theory hover power (Dorling et al. 2017), applied to every flight phase as in the paper.
 * Electrical power = ideal power / efficiency + avionics.
 */
export interface DorlingParams {
  kind: 'dorling';
  /** Air density, kg/m³ (ISA sea level 1.225). */
  airDensityKgM3: number;
  /** Overall efficiency (figure of merit × motor × ESC), 0 < η ≤ 1; 1 reproduces the paper's ideal formula. */
  efficiency: number;
  /** Constant electrical load of the avionics, W. */
  avionicsW: number;
}

/** Linear power fit P = A·m_parcel + B used by the mFSTSP benchmark (Murray & Raj 2020), for every phase. */
export interface LinearFitParams {
  kind: 'linear';
  /** A: extra power per kilogram of parcel, W/kg. */
  wattsPerKg: number;
  /** B: power with no parcel, W. */
  baseW: number;
}

export interface DroneSpec {
  /** Vehicle type id, e.g. `vty_wing_like`. */
  id: string;
  name: string;
  /** Take-off mass without payload, battery included (Dorling's W + battery), kg. */
  emptyMassKg: number;
  maxPayloadKg: number;
  /** Nameplate battery energy, Wh. */
  batteryWh: number;
  /** Fraction of the nameplate energy that can be drawn (depth of discharge, ageing, cold), 0 < f ≤ 1. */
  usableFraction: number;
  /** Fraction of the usable energy kept as reserve at landing, 0 ≤ r < 1. */
  reserveFraction: number;
  /** Commanded horizontal airspeed in cruise, m/s. */
  cruiseAirspeedMps: number;
  /** Vertical speeds, m/s (positive numbers). */
  climbMps: number;
  descentMps: number;
  /** Cruise altitude above ground, m. */
  cruiseAltitudeM: number;
  /**
   * Height above ground at which the drone delivers: 0 = it lands; > 0 = it hovers there and
   * lowers (tether, winch) or drops the parcel. Must not exceed the cruise altitude.
   */
  deliveryAltitudeM: number;
  /** Time per delivery at the delivery altitude: hovering when deliveryAltitudeM > 0, on the ground (motors idle, no energy) when 0. */
  hoverSecondsPerDelivery: number;
  /** Ground handling at the hub before take-off and after landing (no flight energy), s. */
  launchSeconds: number;
  recoverySeconds: number;
  /** Battery swap or charge between two sorties, s. */
  turnaroundSeconds: number;
  /**
   * Battery packs the drone rotates: one flies while the others charge on the hub's chargers
   * (dispatch: a sortie launches only with a charged pack). Optional; the domain's default is 2.
   */
  batteryPacks?: number;
  /** Highest sustained wind the drone may fly in, m/s. */
  maxWindMps: number;
  rainAllowed: boolean;
  temperatureRangeC: { min: number; max: number };
  /** Number of lift rotors and the area of ONE rotor disc, m² (Dorling's h and ς). */
  rotorCount: number;
  rotorDiscAreaM2: number;
  energy: EnergyParams;
}

export interface SpecProblem {
  field: string;
  code: 'missing' | 'not_finite' | 'out_of_range' | 'inconsistent';
  message: string;
}

type NumericRule = [field: keyof DroneSpec, min: number, max: number, minInclusive: boolean];

// Ranges are sanity bounds (a delivery drone, not an airliner): they catch unit mistakes such as grams for kg.
const NUMERIC_RULES: NumericRule[] = [
  ['emptyMassKg', 0, 150, false],
  ['maxPayloadKg', 0, 100, false],
  ['batteryWh', 0, 100_000, false],
  ['usableFraction', 0, 1, false],
  ['reserveFraction', 0, 0.95, true],
  ['cruiseAirspeedMps', 0, 100, false],
  ['climbMps', 0, 30, false],
  ['descentMps', 0, 30, false],
  ['cruiseAltitudeM', 0, 1000, false],
  ['deliveryAltitudeM', 0, 1000, true],
  ['hoverSecondsPerDelivery', 0, 3600, true],
  ['launchSeconds', 0, 3600, true],
  ['recoverySeconds', 0, 3600, true],
  ['turnaroundSeconds', 0, 86_400, true],
  ['maxWindMps', 0, 60, true],
  ['rotorCount', 0, 64, false],
  ['rotorDiscAreaM2', 0, 50, false],
];

function checkNumber(
  problems: SpecProblem[],
  field: string,
  value: unknown,
  min: number,
  max: number,
  minInclusive: boolean,
): void {
  if (value === undefined || value === null) {
    problems.push({ field, code: 'missing', message: `${field} is required` });
  } else if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({ field, code: 'not_finite', message: `${field} must be a finite number, got ${String(value)}` });
  } else if ((minInclusive ? value < min : value <= min) || value > max) {
    const low = minInclusive ? `[${min}` : `(${min}`;
    problems.push({ field, code: 'out_of_range', message: `${field} must be in ${low}, ${max}], got ${value}` });
  }
}

/** Every problem with a spec (empty list = valid). Accepts unknown input so it can guard API payloads. */
export function validateDroneSpec(input: unknown): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (typeof input !== 'object' || input === null) {
    return [{ field: '', code: 'missing', message: 'drone spec must be an object' }];
  }
  const spec = input as Record<string, unknown>;
  for (const field of ['id', 'name'] as const) {
    if (typeof spec[field] !== 'string' || (spec[field] as string).length === 0) {
      problems.push({ field, code: 'missing', message: `${field} must be a non-empty string` });
    }
  }
  for (const [field, min, max, inclusive] of NUMERIC_RULES) checkNumber(problems, field, spec[field], min, max, inclusive);
  if (typeof spec.rotorCount === 'number' && Number.isFinite(spec.rotorCount) && !Number.isInteger(spec.rotorCount)) {
    problems.push({ field: 'rotorCount', code: 'out_of_range', message: `rotorCount must be a whole number, got ${spec.rotorCount}` });
  }
  if (spec.batteryPacks !== undefined) {
    checkNumber(problems, 'batteryPacks', spec.batteryPacks, 1, 100, true);
    if (typeof spec.batteryPacks === 'number' && !Number.isInteger(spec.batteryPacks)) {
      problems.push({ field: 'batteryPacks', code: 'out_of_range', message: `batteryPacks must be a whole number, got ${spec.batteryPacks}` });
    }
  }
  if (typeof spec.rainAllowed !== 'boolean') {
    problems.push({ field: 'rainAllowed', code: 'missing', message: 'rainAllowed must be true or false' });
  }
  const range = spec.temperatureRangeC as { min?: unknown; max?: unknown } | undefined;
  if (typeof range !== 'object' || range === null) {
    problems.push({ field: 'temperatureRangeC', code: 'missing', message: 'temperatureRangeC {min, max} is required' });
  } else {
    checkNumber(problems, 'temperatureRangeC.min', range.min, -90, 90, true);
    checkNumber(problems, 'temperatureRangeC.max', range.max, -90, 90, true);
    if (typeof range.min === 'number' && typeof range.max === 'number' && range.min >= range.max) {
      problems.push({ field: 'temperatureRangeC', code: 'inconsistent', message: 'temperatureRangeC.min must be below max' });
    }
  }
  if (
    typeof spec.deliveryAltitudeM === 'number' &&
    typeof spec.cruiseAltitudeM === 'number' &&
    spec.deliveryAltitudeM > spec.cruiseAltitudeM
  ) {
    problems.push({
      field: 'deliveryAltitudeM',
      code: 'inconsistent',
      message: `deliveryAltitudeM (${spec.deliveryAltitudeM}) must not exceed cruiseAltitudeM (${spec.cruiseAltitudeM})`,
    });
  }
  problems.push(...validateEnergyParams(spec.energy));
  return problems;
}

function validateEnergyParams(input: unknown): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (typeof input !== 'object' || input === null) {
    return [{ field: 'energy', code: 'missing', message: "energy {kind: 'dorling' | 'linear', ...} is required" }];
  }
  const energy = input as Record<string, unknown>;
  if (energy.kind === 'dorling') {
    checkNumber(problems, 'energy.airDensityKgM3', energy.airDensityKgM3, 0.3, 1.6, true);
    checkNumber(problems, 'energy.efficiency', energy.efficiency, 0, 1, false);
    checkNumber(problems, 'energy.avionicsW', energy.avionicsW, 0, 10_000, true);
  } else if (energy.kind === 'linear') {
    checkNumber(problems, 'energy.wattsPerKg', energy.wattsPerKg, 0, 100_000, true);
    checkNumber(problems, 'energy.baseW', energy.baseW, 0, 1_000_000, false);
  } else {
    problems.push({
      field: 'energy.kind',
      code: 'out_of_range',
      message: `energy.kind must be 'dorling' or 'linear', got ${JSON.stringify(energy.kind)}`,
    });
  }
  return problems;
}

/** Energy (Wh) a sortie may use: nameplate × usable fraction × (1 − reserve). */
export function energyBudgetWh(spec: DroneSpec): number {
  return spec.batteryWh * spec.usableFraction * (1 - spec.reserveFraction);
}

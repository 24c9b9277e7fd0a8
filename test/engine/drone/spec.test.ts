import { describe, expect, it } from 'vitest';
import { energyBudgetWh, validateDroneSpec } from '../../../src/engine/drone/spec.js';
import { HAND_SPEC } from './fixtures.js';

describe('validateDroneSpec', () => {
  it('accepts a complete spec', () => {
    expect(validateDroneSpec(HAND_SPEC)).toEqual([]);
    expect(energyBudgetWh(HAND_SPEC)).toBeCloseTo(72, 12);
  });

  it('names every problem: unit slips, ranges, inconsistencies, model', () => {
    const bad = {
      ...HAND_SPEC,
      emptyMassKg: 4800, // grams typed into a kg field
      usableFraction: 1.2,
      cruiseAirspeedMps: Number.NaN,
      deliveryAltitudeM: 80,
      temperatureRangeC: { min: 30, max: 10 },
      energy: { kind: 'magic' },
    };
    const problems = validateDroneSpec(bad);
    const byField = Object.fromEntries(problems.map((p) => [p.field, p.code]));
    expect(byField).toMatchObject({
      emptyMassKg: 'out_of_range',
      usableFraction: 'out_of_range',
      cruiseAirspeedMps: 'not_finite',
      deliveryAltitudeM: 'inconsistent',
      temperatureRangeC: 'inconsistent',
      'energy.kind': 'out_of_range',
    });
    for (const p of problems) expect(p.message.length).toBeGreaterThan(10);
  });

  it('batteryPacks is optional, a whole number of at least 1', () => {
    expect(validateDroneSpec({ ...HAND_SPEC, batteryPacks: 3 })).toEqual([]);
    expect(validateDroneSpec({ ...HAND_SPEC, batteryPacks: 0 }).map((p) => p.field)).toEqual(['batteryPacks']);
    expect(validateDroneSpec({ ...HAND_SPEC, batteryPacks: 1.5 }).map((p) => p.field)).toEqual(['batteryPacks']);
  });

  it('reports missing fields and non-objects', () => {
    const { batteryWh: _omit, ...rest } = HAND_SPEC;
    expect(validateDroneSpec(rest).map((p) => [p.field, p.code])).toEqual([['batteryWh', 'missing']]);
    expect(validateDroneSpec(null)).toHaveLength(1);
    expect(validateDroneSpec({ ...HAND_SPEC, rotorCount: 4.5 }).map((p) => p.field)).toEqual(['rotorCount']);
    expect(validateDroneSpec({ ...HAND_SPEC, energy: { kind: 'dorling', airDensityKgM3: 1.2, efficiency: 0 } }).map((p) => p.field)).toEqual([
      'energy.efficiency',
      'energy.avionicsW',
    ]);
  });
});

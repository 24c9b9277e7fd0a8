import { describe, expect, it } from 'vitest';
import {
  dorlingModel,
  energyModelFor,
  linearFitModel,
  MFSTSP_FAST_LINEAR,
  momentumHoverPowerW,
  wattHours,
} from '../../../src/engine/drone/energy.js';
import { HAND_SPEC } from './fixtures.js';

describe('Dorling momentum-theory hover power', () => {
  it('matches a hand computation', () => {
    // P = 3^1.5 · sqrt(9.81³ / (2 · 1.225 · 0.1 · 4)) = 5.196152 · sqrt(944.076 / 0.98) = 5.196152 · 31.03777 = 161.277 W
    expect(momentumHoverPowerW(3, 4, 0.1, 1.225)).toBeCloseTo(161.277, 2);
  });

  it('grows as mass^1.5 and falls as 1/sqrt(rotor area)', () => {
    const base = momentumHoverPowerW(2, 4, 0.05);
    expect(momentumHoverPowerW(8, 4, 0.05) / base).toBeCloseTo(8, 9); // (8/2)^1.5 = 8
    expect(momentumHoverPowerW(2, 4, 0.2) / base).toBeCloseTo(0.5, 9); // sqrt(0.05/0.2)
  });

  it('applies efficiency and avionics, with the payload added to the empty mass', () => {
    const spec = { ...HAND_SPEC, energy: { kind: 'dorling' as const, airDensityKgM3: 1.225, efficiency: 0.5, avionicsW: 20 } };
    const model = dorlingModel(spec.energy);
    // empty 3 kg + 0 payload → 161.277 / 0.5 + 20
    expect(model.powerW(spec, 0, 'cruise', 20)).toBeCloseTo(161.277 * 2 + 20, 1);
    // 3 + 1 kg: 4^1.5 · 31.03777 = 248.302 W ideal
    expect(model.powerW(spec, 1, 'hover', 0)).toBeCloseTo(248.302 * 2 + 20, 1);
    expect(energyModelFor(spec).name).toBe('dorling');
  });
});

describe('mFSTSP linear fit', () => {
  it('E = t·(A·m + B) with the published fast-UAV coefficients', () => {
    const model = linearFitModel(MFSTSP_FAST_LINEAR);
    // 100 s with a 2 kg parcel: 100 · (24.2368 · 2 + 1391.9916) = 144,046.52 J = 40.0129 Wh
    const p = model.powerW(HAND_SPEC, 2, 'cruise', 31.2928);
    expect(p * 100).toBeCloseTo(144_046.52, 6);
    expect(wattHours(p, 100)).toBeCloseTo(40.0129, 4);
  });

  it('uses the same power in every phase and the spec selects it', () => {
    const model = energyModelFor(HAND_SPEC);
    expect(model.name).toBe('linear');
    for (const phase of ['cruise', 'climb', 'descent', 'hover'] as const) expect(model.powerW(HAND_SPEC, 2, phase, 0)).toBe(700);
  });
});

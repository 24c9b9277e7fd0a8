import { describe, expect, it } from 'vitest';
import { calibrateDorlingEfficiency, specRadiusM } from '../../../src/engine/drone/calibrate.js';
import { DRONE_PRESETS, dronePreset, PRESET_TARGET_RADIUS_M } from '../../../src/engine/drone/presets.js';
import { validateDroneSpec } from '../../../src/engine/drone/spec.js';

describe('drone presets', () => {
  it('are valid specs with unique ids', () => {
    for (const p of DRONE_PRESETS) expect(validateDroneSpec(p), p.id).toEqual([]);
    expect(new Set(DRONE_PRESETS.map((p) => p.id)).size).toBe(DRONE_PRESETS.length);
    expect(dronePreset('vty_wing_like')?.name).toMatch(/Wing/);
    expect(dronePreset('nope')).toBeUndefined();
  });

  it('calibrated presets reach their public radius at max payload with reserve (±0.5 %)', () => {
    for (const [id, target] of Object.entries(PRESET_TARGET_RADIUS_M)) {
      const spec = dronePreset(id)!;
      expect(specRadiusM(spec) / target, id).toBeGreaterThan(0.995);
      expect(specRadiusM(spec) / target, id).toBeLessThan(1.005);
      // and the stored efficiency is what the calibration finds
      expect(spec.energy.kind === 'dorling' && spec.energy.efficiency).toBeCloseTo(calibrateDorlingEfficiency(spec, target), 3);
    }
  });

  it('a 6 m/s wind shrinks every preset radius; an empty drone flies further', () => {
    for (const spec of DRONE_PRESETS) {
      const calm = specRadiusM(spec);
      expect(specRadiusM(spec, spec.maxPayloadKg, { fromDeg: 0, speedMps: 6 })).toBeLessThan(calm);
      expect(specRadiusM(spec, 0)).toBeGreaterThan(calm);
    }
  });

  it('calibration reports NaN when the battery cannot reach the target at all', () => {
    const spec = dronePreset('vty_wing_like')!;
    expect(calibrateDorlingEfficiency(spec, 1_000_000)).toBeNaN();
  });
});

describe('mFSTSP presets reproduce the benchmark linear endurance formula', () => {
  it('E = (take-off + fly + land time) · (A·m + B) per leg, payload only on the way out', async () => {
    const { MFSTSP_101 } = await import('../../../src/engine/drone/presets.js');
    const { energyModelFor } = await import('../../../src/engine/drone/energy.js');
    const { sortieEnergy, straightLeg } = await import('../../../src/engine/drone/sortie.js');
    const d = 3000;
    const m = 2 * 0.453592; // a 2 lb parcel, converted as in endurance_calculator.py
    const legTime = 50 / 15.6464 + d / 31.2928 + 50 / 7.8232; // takeoff + fly + land, cruiseAlt 50 m
    const joules = legTime * (24.2368 * m + 1391.9916) + legTime * 1391.9916;
    const r = sortieEnergy(MFSTSP_101, energyModelFor(MFSTSP_101), { legs: [straightLeg(d, 0), straightLeg(d, 180)], parcelsKg: [m] });
    expect(r.energyWh * 3600).toBeCloseTo(joules, 6);
    expect(r.budgetWh * 3600).toBeCloseTo(457_503, 6); // no reserve in the benchmark
    expect(r.durationS).toBeCloseTo(60 + 2 * legTime + 60 + 30, 6); // launch + legs + 60 s service + recovery
  });
});

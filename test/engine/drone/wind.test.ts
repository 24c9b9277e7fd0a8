import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groundSpeedAlong, windAboveLimit } from '../../../src/engine/drone/wind.js';

describe('ground speed from the wind triangle', () => {
  it('headwind slows, tailwind speeds up (meteorological "from" bearing)', () => {
    const head = groundSpeedAlong(0, 20, { fromDeg: 0, speedMps: 5 }); // flying north into a north wind
    const tail = groundSpeedAlong(0, 20, { fromDeg: 180, speedMps: 5 });
    expect(head.ok && head.groundSpeedMps).toBeCloseTo(15, 9);
    expect(head.ok && head.headwindMps).toBeCloseTo(5, 9);
    expect(tail.ok && tail.groundSpeedMps).toBeCloseTo(25, 9);
    expect(tail.ok && tail.headwindMps).toBeCloseTo(-5, 9);
  });

  it('crosswind: ground speed sqrt(Va² − c²) and a crab into the wind', () => {
    const r = groundSpeedAlong(0, 20, { fromDeg: 90, speedMps: 12 }); // wind from the east
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.groundSpeedMps).toBeCloseTo(16, 9); // sqrt(400 − 144)
    expect(r.crosswindMps).toBeCloseTo(12, 9);
    expect(r.headingDeg).toBeCloseTo((Math.atan2(12, 16) * 180) / Math.PI, 9); // 36.87°, towards the east
  });

  it('headwind equal to or above the airspeed is impossible', () => {
    expect(groundSpeedAlong(90, 20, { fromDeg: 90, speedMps: 20 })).toEqual({ ok: false, reason: 'headwind_too_strong' });
    expect(groundSpeedAlong(90, 20, { fromDeg: 90, speedMps: 25 })).toEqual({ ok: false, reason: 'headwind_too_strong' });
    expect(groundSpeedAlong(0, 20, { fromDeg: 270, speedMps: 21 })).toEqual({ ok: false, reason: 'crosswind_too_strong' });
  });

  it('a round trip always takes longer than in calm air', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        fc.double({ min: 0.01, max: 14.9, noNaN: true }),
        (track, from, speed) => {
          const va = 15;
          const out = groundSpeedAlong(track, va, { fromDeg: from, speedMps: speed });
          const back = groundSpeedAlong(track + 180, va, { fromDeg: from, speedMps: speed });
          if (!out.ok || !back.ok) return false;
          return 1 / out.groundSpeedMps + 1 / back.groundSpeedMps > 2 / va;
        },
      ),
    );
  });

  it('flags wind above the vehicle limit', () => {
    expect(windAboveLimit({ fromDeg: 0, speedMps: 12.1 }, 12)).toBe(true);
    expect(windAboveLimit({ fromDeg: 0, speedMps: 12 }, 12)).toBe(false);
  });
});

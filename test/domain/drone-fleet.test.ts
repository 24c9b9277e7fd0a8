// Hub capacities (pads, chargers) as a sweep over intervals, earliest free slot, and maintenance due.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCapacity, checkChargerCapacity, checkPadCapacity, earliestSlot, maintenanceStatus } from '../../src/domain/drone-fleet.js';
import { nextOpenAt } from '../../src/domain/quotes.js';

/** Brute force: the most intervals covering any integer instant. */
function bruteForcePeak(uses: Array<{ from: number; until: number }>): number {
  let peak = 0;
  for (let t = 0; t <= 200; t++) peak = Math.max(peak, uses.filter((u) => u.from <= t && t < u.until).length);
  return peak;
}

describe('launch pads and chargers', () => {
  it('two pads: three overlapping launches conflict exactly where all three overlap', () => {
    const r = checkPadCapacity(2, [{ at: 0, durationS: 60 }, { at: 30, durationS: 60 }, { at: 50, durationS: 60 }]);
    expect(r.ok).toBe(false);
    expect(r.peak).toBe(3);
    expect(r.conflicts).toEqual([{ from: 50, until: 60, count: 3 }]);
  });

  it('back-to-back uses of one pad do not overlap', () => {
    expect(checkPadCapacity(1, [{ at: 0, durationS: 60 }, { at: 60, durationS: 60 }]).ok).toBe(true);
    expect(checkChargerCapacity(1, [{ from: 0, until: 61 }, { from: 60, until: 120 }]).ok).toBe(false);
  });

  it('the peak matches a brute-force count on random intervals', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 1, max: 50 })), { maxLength: 12 }), fc.integer({ min: 0, max: 4 }), (raw, cap) => {
        const uses = raw.map(([from, d]) => ({ from, until: from + d }));
        const r = checkCapacity(cap, uses);
        expect(r.peak).toBe(bruteForcePeak(uses));
        expect(r.ok).toBe(r.peak <= cap);
      }),
    );
  });

  it('earliest slot waits for a pad to free up, and never when there is none', () => {
    const busy = [{ from: 0, until: 100 }, { from: 50, until: 130 }];
    expect(earliestSlot(2, busy, 60, 30)).toBe(100);
    expect(earliestSlot(3, busy, 60, 30)).toBe(60);
    expect(earliestSlot(1, busy, 0, 30)).toBe(130);
    expect(earliestSlot(0, busy, 0, 30)).toBeNull();
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 1, max: 50 })), { maxLength: 8 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 100 }), (raw, cap, from) => {
        const b = raw.map(([f, d]) => ({ from: f, until: f + d }));
        // Brute force: a start fits when every instant of its 20 s sees fewer than `cap` busy intervals.
        const fits = (s: number) => Array.from({ length: 20 }, (_, k) => s + k).every((x) => b.filter((u) => u.from <= x && x < u.until).length < cap);
        const t = earliestSlot(cap, b, from, 20)!;
        expect(t).toBeGreaterThanOrEqual(from);
        expect(fits(t)).toBe(true);
        for (let s = from; s < t; s++) expect(fits(s)).toBe(false);
      }),
    );
  });
});

describe('maintenance', () => {
  it('is due by cycles or by date', () => {
    const p = { cycles: 250, cyclesAtLastMaintenance: 100, maintenanceEveryCycles: 200, maintenanceDueAt: null };
    expect(maintenanceStatus(p, 0)).toEqual({ due: false, reasons: [], cyclesUntilDue: 50, dueAt: null });
    expect(maintenanceStatus({ ...p, cycles: 300 }, 0).reasons).toEqual(['cycles']);
    expect(maintenanceStatus({ ...p, maintenanceDueAt: 10 }, 10).reasons).toEqual(['date']);
  });
});

describe('opening hours', () => {
  // Friday 2026-11-27 is weekday 5.
  const fri = (h: number, m = 0) => Date.UTC(2026, 10, 27, h, m) / 1000;
  const hours = [{ day: 5, open: 7 * 3600, close: 21 * 3600 }, { day: 1, open: 8 * 3600, close: 12 * 3600 }];
  it('returns the instant itself when open, else the next opening', () => {
    expect(nextOpenAt(hours, fri(10))).toBe(fri(10));
    expect(nextOpenAt(hours, fri(5))).toBe(fri(7));
    // Friday 22:00 → Monday 08:00.
    expect(nextOpenAt(hours, fri(22))).toBe(Date.UTC(2026, 10, 30, 8) / 1000);
    expect(nextOpenAt([], fri(10))).toBeNull();
  });
});

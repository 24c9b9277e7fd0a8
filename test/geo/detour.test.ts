import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detour, detourMatrix, prepareAirspace } from '../../src/geo/detour.js';
import { haversineMetres } from '../../src/geo/haversine.js';
import type { LonLat } from '../../src/geo/projection.js';
import { type NoFlyZone, segmentCrossesZone } from '../../src/geo/zones.js';
import { at, ORIGIN, plane, ringFromMetres, squareZone } from './helpers.js';

const metres = (p: LonLat): [number, number] => plane.toXY(p[0], p[1]);

/** Independent check: no piece of the path enters any zone or comes closer than its buffer. */
function pathIsClear(path: LonLat[], zones: NoFlyZone[]): boolean {
  for (let i = 1; i < path.length; i++) {
    for (const z of zones) if (segmentCrossesZone(z, path[i - 1]!, path[i]!)) return false;
  }
  return true;
}

// 1 km square centred on the origin, 100 m buffer: the buffered obstacle is the square [−600, 600]².
const square = squareZone('zone_sq', 0, 0, 500, 100);

describe('detour around a square', () => {
  const air = prepareAirspace([square], { origin: ORIGIN });

  it('a clear leg stays straight', () => {
    const r = detour(air, at(-1000, 700), at(1000, 800));
    expect(r.ok && r.detoured).toBe(false);
    expect(r.ok && r.lengthM).toBeCloseTo(haversineMetres(...at(-1000, 700), ...at(1000, 800)), 6);
  });

  it('a leg cutting a corner becomes two segments via the nearest buffered corner (hand computation)', () => {
    // Straight line (−1000, 0) → (0, 1000) enters the buffered square at (−600, 400).
    // Around the corner (−600, 600): 2 × sqrt(400² + 600²) = 1442.2205 m (straight would be 1414.2136 m).
    const r = detour(air, at(-1000, 0), at(0, 1000));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.detoured).toBe(true);
    expect(r.path).toHaveLength(3);
    const [cx, cy] = metres(r.path[1]!);
    expect(cx).toBeCloseTo(-600, 3);
    expect(cy).toBeCloseTo(600, 3);
    expect(r.lengthM).toBeCloseTo(2 * Math.hypot(400, 600), 2);
    expect(pathIsClear(r.path, [square])).toBe(true);
  });

  it('a leg through the middle goes round two corners (hand computation)', () => {
    // (−2000, 0) → (−600, ±600) → (600, ±600) → (2000, 0): 2 × sqrt(1400² + 600²) + 1200 = 4246.30 m
    const r = detour(air, at(-2000, 0), at(2000, 0));
    expect(r.ok && r.path.length).toBe(4);
    expect(r.ok && r.lengthM).toBeCloseTo(2 * Math.hypot(1400, 600) + 1200, 2);
  });

  it('refuses endpoints in the zone or its buffer', () => {
    expect(detour(air, at(0, 0), at(2000, 0))).toEqual({ ok: false, reason: 'endpoint_in_zone', zoneId: 'zone_sq' });
    expect(detour(air, at(-2000, 0), at(550, 0))).toEqual({ ok: false, reason: 'endpoint_in_buffer', zoneId: 'zone_sq' });
  });

  it('zones out of their window or altitude band are ignored at preparation', () => {
    const timed = squareZone('zone_tfr', 0, 0, 500, 100, { active: { from: 1000, to: 2000 }, altitude: { minM: 0, maxM: 60 } });
    expect(prepareAirspace([timed], { atTime: 500 }).obstacles).toHaveLength(0);
    expect(prepareAirspace([timed], { altitudeM: 90 }).obstacles).toHaveLength(0);
    const active = prepareAirspace([timed], { atTime: 1500, altitudeM: 50, origin: ORIGIN });
    expect(detour(active, at(-2000, 0), at(2000, 0)).ok && detour(active, at(-2000, 0), at(2000, 0))).toMatchObject({ detoured: true });
  });
});

describe('detour among several zones', () => {
  // Two squares side by side with a 900 m corridor between their buffers, and a U-shaped zone whose
  // notch (200 m wide) is narrower than twice its buffer (150 m), so its convex hull is used.
  const zones: NoFlyZone[] = [
    squareZone('zone_a', -800, 0, 300, 50),
    squareZone('zone_b', 800, 0, 300, 50),
    {
      id: 'zone_u',
      name: 'U',
      kind: 'other',
      polygons: [[ringFromMetres([[-500, 1500], [500, 1500], [500, 2200], [100, 2200], [100, 1700], [-100, 1700], [-100, 2200], [-500, 2200]])]],
      bufferM: 150,
    },
  ];
  const air = prepareAirspace(zones, { origin: ORIGIN });

  it('threads the corridor when it is open', () => {
    const r = detour(air, at(0, -1500), at(0, 1000));
    expect(r.ok && r.detoured).toBe(false);
  });

  it('every path found is clear of all zones and buffers (independent checker), and never shorter than straight', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: -3000, max: 3500 })),
        fc.tuple(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: -3000, max: 3500 })),
        ([x1, y1], [x2, y2]) => {
          const a = at(x1, y1);
          const b = at(x2, y2);
          const r = detour(air, a, b);
          if (!r.ok) return r.reason !== 'no_path'; // endpoints in zones/buffers only
          return pathIsClear(r.path, zones) && r.lengthM >= haversineMetres(a[0], a[1], b[0], b[1]) - 1e-6;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the U whose notch is narrower than twice the buffer is replaced by its buffered hull', () => {
    const u = air.obstacles.find((o) => o.zoneId === 'zone_u')!;
    expect(u.ring.length / 2).toBe(4); // [−650, 650] × [1350, 2350]
    const xs = Array.from(u.ring.filter((_, i) => i % 2 === 0));
    expect(Math.min(...xs)).toBeCloseTo(-650, 3);
    // with a 50 m buffer the notch stays open (100 m) and a drop site inside it is reachable from above
    const thin = prepareAirspace([{ ...zones[2]!, bufferM: 50 }], { origin: ORIGIN });
    expect(thin.obstacles[0]!.ring.length / 2).toBe(8);
    const r = detour(thin, at(0, 2600), at(0, 2000));
    expect(r.ok && r.detoured).toBe(false);
    const around = detour(thin, at(0, 1000), at(0, 2000)); // from below: out and round the arms
    expect(around.ok && around.detoured).toBe(true);
    expect(around.ok && pathIsClear(around.path, [{ ...zones[2]!, bufferM: 50 }])).toBe(true);
  });

  it('a point in the notch of the U is enclosed by its hull buffer and refused', () => {
    const r = detour(air, at(0, 2100), at(0, -1500));
    expect(r).toMatchObject({ ok: false, zoneId: 'zone_u' });
  });

  it('detourMatrix agrees with pairwise detour', () => {
    const points: LonLat[] = [at(0, -1500), at(-2000, 2000), at(2000, 2600), at(0, 0), at(-800, 0), at(1500, -900)];
    const m = detourMatrix(air, points);
    const n = points.length;
    expect(m.blocked[4]).toEqual({ reason: 'endpoint_in_zone', zoneId: 'zone_a' });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const r = detour(air, points[i]!, points[j]!);
        if (r.ok) expect(m.distanceM[i * n + j]).toBeCloseTo(r.lengthM, 6);
        else expect(m.distanceM[i * n + j]).toBe(Infinity);
      }
    }
  });
});

describe('zone with a hole', () => {
  it('an endpoint in a hole is enclosed', () => {
    const holed: NoFlyZone = {
      id: 'zone_ring',
      name: 'ring',
      kind: 'other',
      polygons: [[ringFromMetres([[-500, -500], [500, -500], [500, 500], [-500, 500]]), ringFromMetres([[-200, -200], [-200, 200], [200, 200], [200, -200]])]],
      bufferM: 20,
    };
    const air = prepareAirspace([holed], { origin: ORIGIN });
    expect(detour(air, at(0, 0), at(2000, 0))).toEqual({ ok: false, reason: 'endpoint_enclosed', zoneId: 'zone_ring' });
  });
});

describe('optimality against an independent sampler (buffer 0)', () => {
  // With no buffer the obstacles are the zones themselves, so any path that segmentCrossesZone (a separate
  // implementation) accepts is a competitor; the detour must never be longer than the best sampled one.
  const zones: NoFlyZone[] = [
    squareZone('zone_a', -500, 0, 400, 0),
    {
      id: 'zone_u',
      name: 'U',
      kind: 'other',
      polygons: [[ringFromMetres([[200, 600], [1200, 600], [1200, 1400], [900, 1400], [900, 900], [500, 900], [500, 1400], [200, 1400]])]],
      bufferM: 0,
    },
  ];
  const air = prepareAirspace(zones, { origin: ORIGIN });
  const clear = (a: LonLat, b: LonLat) => zones.every((z) => !segmentCrossesZone(z, a, b));
  const len = (ps: LonLat[]) => ps.slice(1).reduce((s, p, i) => s + haversineMetres(ps[i]![0], ps[i]![1], p[0], p[1]), 0);

  it('no sampled one- or two-waypoint path is shorter', () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const corners: Array<[number, number]> = [[-900, -400], [-100, -400], [-100, 400], [-900, 400], [200, 600], [1200, 600], [1200, 1400], [200, 1400], [500, 1400], [900, 1400]];
    const waypoints: LonLat[] = [];
    for (const [x, y] of corners) for (let k = 0; k < 30; k++) waypoints.push(at(x + (rnd() - 0.5) * 60, y + (rnd() - 0.5) * 60));
    const pairs: Array<[LonLat, LonLat]> = [
      [at(-1500, 0), at(500, 0)],
      [at(-500, -1000), at(-500, 1000)],
      [at(0, 0), at(700, 1300)], // into the U's notch from outside
      [at(-1200, 800), at(1600, 1000)],
      [at(700, 500), at(700, 1800)],
    ];
    for (const [a, b] of pairs) {
      const r = detour(air, a, b);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      let best = clear(a, b) ? len([a, b]) : Infinity;
      const fromA = waypoints.map((w) => clear(a, w));
      const toB = waypoints.map((w) => clear(w, b));
      for (let i = 0; i < waypoints.length; i++) {
        if (fromA[i] && toB[i]) best = Math.min(best, len([a, waypoints[i]!, b]));
      }
      for (let i = 0; i < waypoints.length; i += 3) {
        if (!fromA[i]) continue;
        for (let j = 0; j < waypoints.length; j += 3) {
          if (!toB[j]) continue;
          const cand = len([a, waypoints[i]!, waypoints[j]!, b]);
          if (cand < best && clear(waypoints[i]!, waypoints[j]!)) best = cand;
        }
      }
      expect(best).toBeLessThan(Infinity); // the sampler found at least one path
      expect(r.lengthM).toBeLessThanOrEqual(best + 1e-6);
      expect(r.lengthM).toBeGreaterThan(best - 60); // and sampling near corners gets close to it
    }
  });
});

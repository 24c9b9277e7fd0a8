import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { haversineMetres } from '../../src/geo/haversine.js';
import { initialBearingDeg, localProjection } from '../../src/geo/projection.js';

describe('local azimuthal-equidistant projection', () => {
  it('round-trips lon/lat to better than a millimetre', () => {
    const p = localProjection(-122.33, 47.6);
    fc.assert(
      fc.property(fc.double({ min: -0.6, max: 0.6, noNaN: true }), fc.double({ min: -0.45, max: 0.45, noNaN: true }), (dLon, dLat) => {
        const [x, y] = p.toXY(-122.33 + dLon, 47.6 + dLat);
        const [lon, lat] = p.toLonLat(x, y);
        return haversineMetres(lon, lat, -122.33 + dLon, 47.6 + dLat) < 1e-3;
      }),
    );
  });

  it('planar distances match great-circle distances to < 0.5 % (in fact < 0.01 %) within 50 km', () => {
    const p = localProjection(10, 60); // high latitude: the hard case for plate carrée
    fc.assert(
      fc.property(
        fc.tuple(fc.double({ min: -35_000, max: 35_000, noNaN: true }), fc.double({ min: -35_000, max: 35_000, noNaN: true })),
        fc.tuple(fc.double({ min: -35_000, max: 35_000, noNaN: true }), fc.double({ min: -35_000, max: 35_000, noNaN: true })),
        ([x1, y1], [x2, y2]) => {
          const planar = Math.hypot(x2 - x1, y2 - y1);
          if (planar < 100) return true;
          const [lon1, lat1] = p.toLonLat(x1, y1);
          const [lon2, lat2] = p.toLonLat(x2, y2);
          return Math.abs(haversineMetres(lon1, lat1, lon2, lat2) / planar - 1) < 1e-4;
        },
      ),
    );
  });

  it('x is east and y is north; distance from the origin is exact', () => {
    const p = localProjection(0, 0);
    const [x, y] = p.toXY(0.01, 0);
    expect(y).toBeCloseTo(0, 6);
    expect(x).toBeCloseTo(haversineMetres(0, 0, 0.01, 0), 6);
    const [x2, y2] = p.toXY(0, -0.01);
    expect(x2).toBeCloseTo(0, 6);
    expect(y2).toBeCloseTo(-haversineMetres(0, 0, 0, -0.01), 6);
  });
});

describe('initialBearingDeg', () => {
  it('gives compass bearings', () => {
    expect(initialBearingDeg(0, 0, 0, 1)).toBeCloseTo(0, 9);
    expect(initialBearingDeg(0, 0, 1, 0)).toBeCloseTo(90, 9);
    expect(initialBearingDeg(0, 0, 0, -1)).toBeCloseTo(180, 9);
    expect(initialBearingDeg(0, 0, -1, 0)).toBeCloseTo(270, 9);
    expect(initialBearingDeg(0, 0, 1, 1)).toBeCloseTo(45, 2);
  });
});

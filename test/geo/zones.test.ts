import { describe, expect, it } from 'vitest';
import {
  type NoFlyZone,
  parseNoFlyZones,
  pointInZone,
  segmentCrossesZone,
  zoneApplies,
  zonesContaining,
} from '../../src/geo/zones.js';
import { at, ringFromMetres, squareZone } from './helpers.js';

// A 1 km square with a 400 m square hole in the middle, 50 m buffer.
const holed: NoFlyZone = {
  id: 'zone_stadium',
  name: 'Stadium',
  kind: 'stadium',
  polygons: [[
    ringFromMetres([[-500, -500], [500, -500], [500, 500], [-500, 500]]),
    ringFromMetres([[-200, -200], [-200, 200], [200, 200], [200, -200]]),
  ]],
  bufferM: 50,
};

// A concave "C" whose vertices share y with test points (ray-through-vertex cases).
const cShape: NoFlyZone = {
  id: 'zone_c',
  name: 'C',
  kind: 'other',
  polygons: [[ringFromMetres([[0, 0], [300, 0], [300, 100], [100, 100], [100, 200], [300, 200], [300, 300], [0, 300]])]],
  bufferM: 0,
};

describe('pointInZone', () => {
  it('inside, outside, holes', () => {
    expect(pointInZone(holed, at(300, 0))).toBe(true);
    expect(pointInZone(holed, at(0, 0))).toBe(false); // in the hole
    expect(pointInZone(holed, at(900, 0))).toBe(false);
  });

  it('boundaries count as inside (outer edge, vertex, hole edge)', () => {
    expect(pointInZone(holed, at(500, 10), { includeBuffer: false })).toBe(true);
    expect(pointInZone(holed, at(500, 500), { includeBuffer: false })).toBe(true);
    expect(pointInZone(holed, at(200, 0), { includeBuffer: false })).toBe(true);
  });

  it('the buffer counts by default, on both sides of the hole boundary', () => {
    expect(pointInZone(holed, at(530, 0))).toBe(true);
    expect(pointInZone(holed, at(530, 0), { includeBuffer: false })).toBe(false);
    expect(pointInZone(holed, at(570, 0))).toBe(false);
    expect(pointInZone(holed, at(170, 0))).toBe(true); // 30 m inside the hole
    expect(pointInZone(holed, at(120, 0))).toBe(false); // 80 m inside the hole
    // diagonal off a corner: distance sqrt(40² + 40²) = 56.6 m > 50 m
    expect(pointInZone(holed, at(540, 540))).toBe(false);
    expect(pointInZone(holed, at(530, 530))).toBe(true); // 42.4 m
  });

  it('concave polygon with rays through vertices', () => {
    expect(pointInZone(cShape, at(200, 150))).toBe(false); // in the notch, same y band as notch vertices
    expect(pointInZone(cShape, at(50, 100))).toBe(true); // same y as vertices (300,100), (100,100)
    expect(pointInZone(cShape, at(200, 100))).toBe(true); // on the notch edge
    expect(pointInZone(cShape, at(-50, 200))).toBe(false); // left of it, y of a vertex
    expect(pointInZone(cShape, at(350, 200))).toBe(false);
    expect(pointInZone(cShape, at(250, 250))).toBe(true);
  });

  it('honours the active window and altitude band', () => {
    const z = squareZone('zone_tfr', 0, 0, 100, 0, { active: { from: 1000, to: 2000 }, altitude: { minM: 60, maxM: 150 } });
    expect(pointInZone(z, at(0, 0))).toBe(true); // no filter: applies
    expect(pointInZone(z, at(0, 0), { atTime: 999 })).toBe(false);
    expect(pointInZone(z, at(0, 0), { atTime: 1000 })).toBe(true);
    expect(pointInZone(z, at(0, 0), { atTime: 2000 })).toBe(false);
    expect(pointInZone(z, at(0, 0), { altitudeM: 50 })).toBe(false);
    expect(pointInZone(z, at(0, 0), { altitudeM: { minM: 7, maxM: 80 } })).toBe(true); // descent passes 60–80 m
    expect(zoneApplies(z, { atTime: 1500, altitudeM: 150 })).toBe(true);
    expect(zonesContaining([z, holed], at(300, 0)).map((x) => x.id)).toEqual(['zone_stadium']);
  });
});

describe('segmentCrossesZone', () => {
  it('crossing, passing within the buffer, clearing it', () => {
    expect(segmentCrossesZone(holed, at(-1000, 300), at(1000, 300))).toBe(true);
    expect(segmentCrossesZone(holed, at(-1000, 530), at(1000, 530))).toBe(true); // 30 m off: buffer
    expect(segmentCrossesZone(holed, at(-1000, 530), at(1000, 530), { includeBuffer: false })).toBe(false);
    expect(segmentCrossesZone(holed, at(-1000, 560), at(1000, 560))).toBe(false);
  });

  it('a leg wholly inside the zone crosses it; wholly inside the hole it does not', () => {
    expect(segmentCrossesZone(holed, at(300, -300), at(300, 300))).toBe(true);
    expect(segmentCrossesZone(holed, at(-100, 0), at(100, 0))).toBe(false);
  });

  it('a leg through the notch of the C does not cross it', () => {
    expect(segmentCrossesZone(cShape, at(150, 150), at(400, 150))).toBe(false);
    expect(segmentCrossesZone(cShape, at(150, 150), at(150, 400))).toBe(true);
  });

  it('ignores zones out of their window or altitude band', () => {
    const z = squareZone('zone_tfr', 0, 0, 100, 0, { active: { from: 1000 }, altitude: { minM: 0, maxM: 40 } });
    expect(segmentCrossesZone(z, at(-500, 0), at(500, 0))).toBe(true);
    expect(segmentCrossesZone(z, at(-500, 0), at(500, 0), { atTime: 10 })).toBe(false);
    expect(segmentCrossesZone(z, at(-500, 0), at(500, 0), { altitudeM: 60 })).toBe(false);
  });
});

describe('parseNoFlyZones', () => {
  const square = [[2.0, 48.0], [2.01, 48.0], [2.01, 48.01], [2.0, 48.01], [2.0, 48.0]];

  it('reads a FeatureCollection of Polygon and MultiPolygon zones with properties', () => {
    const r = parseNoFlyZones({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'zone_cdg',
          properties: { name: 'Airport', kind: 'airport', bufferM: 200, maxAltitudeM: 500, activeFrom: '2026-05-01T08:00:00Z', activeTo: '2026-05-01T12:00:00+02:00' },
          geometry: { type: 'Polygon', coordinates: [square] },
        },
        {
          type: 'Feature',
          properties: { id: 'zone_h', kind: 'hospital' },
          geometry: { type: 'MultiPolygon', coordinates: [[square], [square.map(([x, y]) => [x! + 0.1, y!])]] },
        },
      ],
    }, { defaultBufferM: 30 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [a, h] = r.zones;
    expect(a).toMatchObject({ id: 'zone_cdg', kind: 'airport', bufferM: 200, altitude: { minM: 0, maxM: 500 } });
    expect(a!.active).toEqual({ from: Date.UTC(2026, 4, 1, 8) / 1000, to: Date.UTC(2026, 4, 1, 10) / 1000 });
    expect(h).toMatchObject({ id: 'zone_h', name: 'zone_h', kind: 'hospital', bufferM: 30 });
    expect(h!.polygons).toHaveLength(2);
  });

  it('reports every problem with its path and changes nothing', () => {
    const r = parseNoFlyZones({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { id: 'a' }, geometry: { type: 'Polygon', coordinates: [square.slice(0, 4)] } }, // not closed
        { type: 'Feature', properties: { id: 'b' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [0, 0]]] } }, // too short
        { type: 'Feature', properties: { id: 'c' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] } }, // bow-tie
        { type: 'Feature', properties: { id: 'd' }, geometry: { type: 'Point', coordinates: [0, 0] } },
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square] } }, // no id
        { type: 'Feature', properties: { id: 'f', kind: 'volcano', bufferM: -1, activeFrom: 'tomorrow' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [200, 0], [0, 1], [0, 0]]] } },
        { type: 'Feature', properties: { id: 'g' }, geometry: { type: 'Polygon', coordinates: [square] } },
        { type: 'Feature', properties: { id: 'g' }, geometry: { type: 'Polygon', coordinates: [square] } },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const got = r.problems.map((p) => `${p.path} ${p.code}`);
    expect(got).toEqual([
      'features[0].geometry.coordinates[0] ring_not_closed',
      'features[1].geometry.coordinates[0] ring_too_short',
      'features[2].geometry.coordinates[0] ring_self_intersects',
      'features[3].geometry unsupported_geometry',
      'features[4].properties.id invalid_property',
      'features[5].geometry.coordinates[0][1] invalid_coordinate',
      'features[5].properties.kind invalid_property',
      'features[5].properties.bufferM invalid_property',
      'features[5].properties.activeFrom invalid_property',
      'features[7].properties.id duplicate_id',
    ]);
    for (const p of r.problems) expect(p.message).toMatch(/\w{3,}/);
  });

  it('refuses a hole outside its outer ring; a floor without ceiling stays JSON-safe', () => {
    const hole = [[3, 3], [3.01, 3], [3.01, 3.01], [3, 3.01], [3, 3]];
    const r = parseNoFlyZones({ type: 'Feature', id: 'h', properties: {}, geometry: { type: 'Polygon', coordinates: [square, hole] } });
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'hole_outside', path: 'feature.geometry.coordinates[1]' }] });
    const floor = parseNoFlyZones({ type: 'Feature', id: 'f', properties: { minAltitudeM: 60 }, geometry: { type: 'Polygon', coordinates: [square] } });
    expect(floor.ok).toBe(true);
    if (!floor.ok) return;
    const copy = JSON.parse(JSON.stringify(floor.zones[0])) as NoFlyZone;
    expect(zoneApplies(copy, { altitudeM: 5000 })).toBe(true);
    expect(zoneApplies(copy, { altitudeM: 50 })).toBe(false);
  });

  it('rejects non-GeoJSON input', () => {
    expect(parseNoFlyZones({ type: 'Polygon', coordinates: [square] })).toMatchObject({ ok: false, problems: [{ code: 'not_geojson' }] });
    expect(parseNoFlyZones('nope').ok).toBe(false);
  });

  it('accepts a single Feature and a zero-area ring is refused', () => {
    expect(parseNoFlyZones({ type: 'Feature', id: 7, properties: {}, geometry: { type: 'Polygon', coordinates: [square] } })).toMatchObject({ ok: true, zones: [{ id: '7' }] });
    const flat = parseNoFlyZones({ type: 'Feature', id: 'x', properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [2, 0], [0, 0]]] } });
    expect(flat).toMatchObject({ ok: false, problems: [{ code: 'ring_zero_area' }] });
  });
});

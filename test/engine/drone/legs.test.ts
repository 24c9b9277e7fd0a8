import { describe, expect, it } from 'vitest';
import { energyModelFor } from '../../../src/engine/drone/energy.js';
import { legFromPath, sortieLegs } from '../../../src/engine/drone/legs.js';
import { sortieEnergy } from '../../../src/engine/drone/sortie.js';
import { prepareAirspace } from '../../../src/geo/detour.js';
import { at, ORIGIN, squareZone } from '../../geo/helpers.js';
import { HAND_SPEC } from './fixtures.js';

describe('sortie legs from coordinates', () => {
  it('straight legs carry great-circle length and bearing', () => {
    const leg = legFromPath([at(0, 0), at(0, 1000), at(1000, 1000)]);
    expect(leg.segments[0]!.distanceM).toBeCloseTo(1000, 3);
    expect(leg.segments[0]!.trackDeg).toBeCloseTo(0, 3);
    expect(leg.segments[1]!.trackDeg).toBeCloseTo(90, 1);
  });

  it('a no-fly zone on the way lengthens the legs and the energy', () => {
    const zone = squareZone('zone_sq', 0, 0, 500, 100);
    const air = prepareAirspace([zone], { origin: ORIGIN });
    const hub = at(-1000, 0);
    const drop = at(0, 1000);
    const free = sortieLegs(hub, [drop]);
    const around = sortieLegs(hub, [drop], air);
    expect(free.ok && around.ok).toBe(true);
    if (!free.ok || !around.ok) return;
    const dist = (legs: typeof free.legs) => legs[0]!.segments.reduce((s, x) => s + x.distanceM, 0);
    expect(dist(free.legs)).toBeCloseTo(Math.hypot(1000, 1000), 2);
    expect(dist(around.legs)).toBeCloseTo(2 * Math.hypot(400, 600), 2); // via the buffered corner
    expect(around.paths[0]).toHaveLength(3);
    const model = energyModelFor(HAND_SPEC);
    const e0 = sortieEnergy(HAND_SPEC, model, { legs: free.legs, parcelsKg: [1] });
    const e1 = sortieEnergy(HAND_SPEC, model, { legs: around.legs, parcelsKg: [1] });
    // extra 2 × (1442.22 − 1414.21) m at 20 m/s: 28.01 m out at 600 W, 28.01 m back at 500 W
    const extra = 2 * Math.hypot(400, 600) - Math.hypot(1000, 1000);
    expect(e1.energyWh - e0.energyWh).toBeCloseTo(((extra / 20) * 600 + (extra / 20) * 500) / 3600, 4);
  });

  it('a drop inside a zone is refused with its leg', () => {
    const air = prepareAirspace([squareZone('zone_sq', 0, 0, 500, 100)], { origin: ORIGIN });
    expect(sortieLegs(at(-2000, 0), [at(2000, 0), at(0, 0)], air)).toEqual({ ok: false, leg: 1, reason: 'endpoint_in_zone', zoneId: 'zone_sq' });
  });
});

import { describe, expect, it } from 'vitest';
import { droneDeliveryEligibility } from '../../../src/engine/drone/eligibility.js';
import { energyModelFor } from '../../../src/engine/drone/energy.js';
import { WING_LIKE } from '../../../src/engine/drone/presets.js';
import { prepareAirspace } from '../../../src/geo/detour.js';
import { at, ORIGIN, squareZone } from '../../geo/helpers.js';

const model = energyModelFor(WING_LIKE);
const hub = at(0, 0);
const codes = (r: { reasons: Array<{ code: string }> }) => r.reasons.map((x) => x.code);

describe('droneDeliveryEligibility', () => {
  it('a near drop in fair weather is eligible, with the sortie figures', () => {
    const r = droneDeliveryEligibility(WING_LIKE, model, { hub, drop: at(3000, 4000), parcelKg: 1.5, weather: { windMps: 4, fromDeg: 270 } });
    expect(r.eligible).toBe(true);
    expect(r.sortie!.energyWh).toBeLessThan(r.sortie!.budgetWh);
    expect(r.sortie!.perLeg[0]!.distanceM).toBeCloseTo(5000, 0);
  });

  it('names every reason against: weight, weather, range', () => {
    const heavy = droneDeliveryEligibility(WING_LIKE, model, { hub, drop: at(1000, 0), parcelKg: 3, weather: { windMps: 14, precipitation: true } });
    expect(codes(heavy)).toEqual(['payload_over_limit', 'wind_above_limit', 'rain_not_allowed']);
    const far = droneDeliveryEligibility(WING_LIKE, model, { hub, drop: at(10_500, 0), parcelKg: 2.2 });
    expect(codes(far)).toEqual(['battery_insufficient']);
  });

  it('unknown wind direction takes the worst case; a known tailwind-out can be easier', () => {
    const drop = at(9300, 0); // radius in calm air at 2.27 kg is 10 km
    const unknown = droneDeliveryEligibility(WING_LIKE, model, { hub, drop, parcelKg: 2.2, weather: { windMps: 6 } });
    expect(unknown.eligible).toBe(false);
    const calm = droneDeliveryEligibility(WING_LIKE, model, { hub, drop, parcelKg: 2.2 });
    expect(calm.eligible).toBe(true);
  });

  it('airspace: detours lengthen the flight; drops in zones are refused', () => {
    const zone = squareZone('zone_hosp', 2000, 0, 300, 100, { name: 'Hospital', kind: 'hospital' });
    const air = prepareAirspace([zone], { origin: ORIGIN });
    const around = droneDeliveryEligibility(WING_LIKE, model, { hub, drop: at(4000, 0), parcelKg: 1, airspace: air });
    expect(around.eligible).toBe(true);
    expect(around.paths![0]!.length).toBeGreaterThan(2);
    expect(around.sortie!.perLeg[0]!.distanceM).toBeGreaterThan(4000);
    const inside = droneDeliveryEligibility(WING_LIKE, model, { hub, drop: at(2000, 50), parcelKg: 1, airspace: air, zones: [zone] });
    expect(inside.eligible).toBe(false);
    expect(codes(inside)).toEqual(['drop_in_no_fly_zone', 'endpoint_in_zone']);
    expect(inside.reasons[0]!.zoneId).toBe('zone_hosp');
  });
});

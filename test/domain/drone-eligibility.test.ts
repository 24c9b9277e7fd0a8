// The domain rule "may this order fly?": each refusal reason provoked on its own, and the pass case.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderDroneEligibility, parcelFitsBay, type OrderDroneQuery } from '../../src/domain/drone-eligibility.js';
import { PRESET_BAYS } from '../../src/domain/drone-fleet.js';
import { MK30_LIKE, WING_LIKE } from '../../src/engine/drone/presets.js';
import type { NoFlyZone } from '../../src/geo/zones.js';

const HUB: [number, number] = [4.835, 45.78];
const M_PER_DEG_LON = 111_320 * Math.cos((45.78 * Math.PI) / 180);
/** A point `km` east of the hub. */
const east = (km: number): [number, number] => [HUB[0] + (km * 1000) / M_PER_DEG_LON, HUB[1]];

const wing = { vehicleId: 'veh_wing', spec: WING_LIKE, bay: PRESET_BAYS.vty_wing_like! };
const mk30 = { vehicleId: 'veh_mk30', spec: MK30_LIKE, bay: PRESET_BAYS.vty_mk30_like! };
const tea = { weightG: 120, lengthMm: 120, widthMm: 80, heightMm: 60, quantity: 1 };
const FINE = { windMps: 3, windFromDeg: 270, temperatureC: 15, precipitation: false };

const query = (over: Partial<OrderDroneQuery> = {}): OrderDroneQuery => ({
  hub: HUB,
  drop: east(3),
  dropoff: 'drone_pad',
  items: [tea],
  atS: 1_800_000_000,
  weather: FINE,
  zones: [],
  drones: [wing],
  ...over,
});

const codes = (q: OrderDroneQuery) => orderDroneEligibility(q).reasons.map((r) => r.code);

function squareZone(id: string, centre: [number, number], halfM: number, extra: Partial<NoFlyZone> = {}): NoFlyZone {
  const dLon = halfM / M_PER_DEG_LON;
  const dLat = halfM / 111_320;
  const [x, y] = centre;
  return {
    id, name: id, kind: 'airport', bufferM: 0,
    polygons: [[[[x - dLon, y - dLat], [x + dLon, y - dLat], [x + dLon, y + dLat], [x - dLon, y + dLat], [x - dLon, y - dLat]]]],
    ...extra,
  };
}

describe('order drone eligibility', () => {
  it('accepts a light parcel to a drone pad 3 km away in fine weather, with the sortie figures', () => {
    const r = orderDroneEligibility(query());
    expect(r.eligible).toBe(true);
    expect(r.reasons).toEqual([]);
    expect(r.best?.specId).toBe(WING_LIKE.id);
    const s = r.best!.sortie!;
    expect(s.energyWh).toBeLessThan(s.budgetWh);
    // Out and back over 3 km each way at ~29 m/s airspeed: the distance is the straight line twice.
    expect(s.distanceM).toBeGreaterThan(5990);
    expect(s.distanceM).toBeLessThan(6010);
    expect(s.outboundS).toBeGreaterThan(3000 / 35);
    expect(s.outboundS).toBeLessThan(s.flightS / 2 + WING_LIKE.hoverSecondsPerDelivery);
  });

  it('too heavy: payload_over_limit', () => {
    expect(codes(query({ items: [{ ...tea, weightG: 1200, quantity: 2 }] }))).toEqual(['payload_over_limit']);
    // 2.2 kg is still within the 2.27 kg payload.
    expect(codes(query({ items: [{ ...tea, weightG: 1100, quantity: 2 }] }))).toEqual([]);
  });

  it('too big: parcel_too_large for an item longer than the bay, or items whose volume exceeds it', () => {
    expect(codes(query({ items: [{ ...tea, lengthMm: 610, widthMm: 150, heightMm: 150 }] }))).toEqual(['parcel_too_large']);
    // Rotation is allowed: 150 × 300 × 100 fits a 320 × 220 × 150 bay.
    expect(parcelFitsBay([{ ...tea, lengthMm: 150, widthMm: 300, heightMm: 100 }], wing.bay).fits).toBe(true);
    expect(parcelFitsBay([{ ...tea, lengthMm: 150, widthMm: 200, heightMm: 100, quantity: 4 }], wing.bay).fits).toBe(false);
  });

  it('out of range with wind: the same drop flies in calm air and not in a 9 m/s wind', () => {
    const far = { drop: east(10.5), items: [{ ...tea, weightG: 1400, lengthMm: 250, widthMm: 200, heightMm: 100 }] };
    const calm = orderDroneEligibility(query({ ...far, weather: { windMps: 0, temperatureC: 15 } }));
    expect(calm.eligible).toBe(true);
    const windy = orderDroneEligibility(query({ ...far, weather: { windMps: 9, temperatureC: 15 } }));
    expect(windy.eligible).toBe(false);
    expect(windy.reasons.map((r) => r.code)).toEqual(['battery_insufficient']);
    expect(windy.reasons[0]!.specIds).toEqual([WING_LIKE.id]);
    const s = windy.options[0]!.sortie!;
    expect(s.energyWh).toBeGreaterThan(s.budgetWh);
    expect(s.energyWh).toBeGreaterThan(calm.best!.sortie!.energyWh);
  });

  it('drop site in an active no-fly zone: drop_in_no_fly_zone naming the zone; inactive zones do not count', () => {
    const zone = squareZone('nfz_airport', east(3), 500);
    const r = orderDroneEligibility(query({ zones: [zone] }));
    expect(r.eligible).toBe(false);
    expect(r.reasons.find((x) => x.code === 'drop_in_no_fly_zone')?.zoneId).toBe('nfz_airport');
    const later = { ...zone, active: { from: 1_900_000_000 } };
    expect(orderDroneEligibility(query({ zones: [later] })).eligible).toBe(true);
  });

  it('a zone across the straight line is flown around: eligible, with a longer path', () => {
    const direct = orderDroneEligibility(query()).best!.sortie!.distanceM;
    const r = orderDroneEligibility(query({ zones: [squareZone('nfz_mid', east(1.5), 300)] }));
    expect(r.eligible).toBe(true);
    expect(r.best!.sortie!.distanceM).toBeGreaterThan(direct + 50);
  });

  it('drop-off preference not drone-capable: dropoff_not_drone_capable (door, garage, smart door)', () => {
    for (const dropoff of ['door', 'smart_garage', 'smart_door']) expect(codes(query({ dropoff }))).toEqual(['dropoff_not_drone_capable']);
    for (const dropoff of ['drone_pad', 'yard', 'smart_locker']) expect(codes(query({ dropoff }))).toEqual([]);
  });

  it('weather: wind, gusts, rain, cold, heat and unknown weather each refuse', () => {
    expect(codes(query({ weather: { ...FINE, windMps: 13 } }))).toContain('wind_above_limit');
    expect(codes(query({ weather: { ...FINE, gustMps: 14 } }))).toEqual(['gust_above_limit']);
    expect(codes(query({ weather: { ...FINE, precipitation: true } }))).toEqual(['rain_not_allowed']);
    expect(codes(query({ weather: { ...FINE, temperatureC: -5 } }))).toEqual(['too_cold']);
    expect(codes(query({ weather: { ...FINE, temperatureC: 45 } }))).toEqual(['too_hot']);
    expect(codes(query({ weather: null }))).toEqual(['weather_unknown']);
  });

  it('several drone types: eligible when one can fly (MK30-like flies in rain), reasons merged per type otherwise', () => {
    const rain = { ...FINE, precipitation: true };
    const r = orderDroneEligibility(query({ weather: rain, drones: [wing, mk30] }));
    expect(r.eligible).toBe(true);
    expect(r.best!.specId).toBe(MK30_LIKE.id);
    expect(r.options.find((o) => o.specId === WING_LIKE.id)!.reasons.map((x) => x.code)).toEqual(['rain_not_allowed']);
    const storm = orderDroneEligibility(query({ weather: { ...rain, windMps: 20 }, drones: [wing, mk30] }));
    expect(storm.eligible).toBe(false);
    const wind = storm.reasons.find((x) => x.code === 'wind_above_limit')!;
    expect(wind.specIds!.sort()).toEqual([MK30_LIKE.id, WING_LIKE.id].sort());
    expect(storm.reasons.find((x) => x.code === 'rain_not_allowed')!.specIds).toEqual([WING_LIKE.id]);
  });

  it('no drone at the hub: no_drone_available, and several reasons are reported together', () => {
    expect(codes(query({ drones: [] }))).toEqual(['no_drone_available']);
    const many = codes(query({ dropoff: 'door', weather: { ...FINE, precipitation: true }, items: [{ ...tea, weightG: 3000 }] }));
    expect(many.sort()).toEqual(['dropoff_not_drone_capable', 'payload_over_limit', 'rain_not_allowed']);
  });

  it('properties: a lighter parcel, a nearer drop or a calmer wind never turns a yes into a no', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 2500 }), fc.integer({ min: 0, max: 2500 }),
        fc.double({ min: 0.5, max: 12, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 12, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 359 }),
        (g, lighterBy, km, nearerBy, wind, calmerBy, fromDeg) => {
          const at = (grams: number, dist: number, windMps: number) =>
            orderDroneEligibility(query({ items: [{ ...tea, weightG: grams }], drop: east(dist), weather: { windMps, windFromDeg: fromDeg, temperatureC: 15 } })).eligible;
          if (!at(g, km, wind)) return;
          expect(at(Math.max(1, g - lighterBy), km, wind)).toBe(true);
          expect(at(g, km * nearerBy + 0.2 * (1 - nearerBy), wind)).toBe(true);
          expect(at(g, km, wind * calmerBy)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

// Delivery promise through the API on both back ends: quotes per mode with reasons and ETAs,
// quote → order with mode and quoteId, the 422s, pad waits, weather at the planned time, roles.
import { beforeAll, expect, it } from 'vitest';
import { haversineMetres } from '../../src/geo/haversine.js';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { adjustStock } from '../../src/domain/catalog.js';
import { DEFAULT_DISPATCH_SETTINGS } from '../../src/domain/dispatch-settings.js';
import { WING_LIKE } from '../../src/engine/drone/presets.js';
import { bearer } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';
import { isoAt, seedDroneWorld, T0_MS, type DroneWorld } from './drone-world.js';

let clockMs = T0_MS;
const now = () => Math.floor(clockMs / 1000);
const NORTH_HUB: [number, number] = [4.835, 45.78];

describeBackends('quotes API', (env) => {
  let w: DroneWorld;
  beforeAll(async () => {
    clockMs = T0_MS;
    w = await seedDroneWorld(env());
  });

  const post = (url: string, key: string, payload: unknown) => env().app.inject({ method: 'POST', url, headers: bearer(key), payload: payload as object });
  const get = (url: string, key: string) => env().app.inject({ method: 'GET', url, headers: bearer(key) });
  const quoteBody = (over: Record<string, unknown> = {}) => ({ addressId: w.padHome, lines: [{ sku: 'TEA-100', quantity: 1 }], ...over });
  const window = (fromS: number, toS: number) => ({ start: isoAt(fromS), end: isoAt(toS) });
  const mode = (q: { modes: Array<{ mode: string }> }, m: string) => q.modes.find((x) => x.mode === m) as { mode: string; eligible: boolean; reasons: Array<{ code: string; zoneId?: string }>; eta: string | null; departAt: string | null; vehicleId: string | null; figures: Record<string, number> };
  const epoch = (isoText: string) => Date.parse(isoText) / 1000;

  it('offers drone and van to a drone pad, drone first, with ETAs from the documented method', async () => {
    const res = await post('/v1/quotes', w.keys.operator, quoteBody());
    expect(res.statusCode).toBe(201);
    const q = res.json();
    expect(q.id).toMatch(/^quo_/);
    expect(q.hubId).toBe(w.hubs.north);
    expect(q.customerId).toBe(w.customers.alice);
    expect(epoch(q.expiresAt) - now()).toBe(900);
    const drone = mode(q, 'drone');
    expect(drone.eligible).toBe(true);
    expect(drone.reasons).toEqual([]);
    expect([w.ids.vehicle, w.drone2]).toContain(drone.vehicleId);
    // Drone: launch now (pads free), ETA = launch handling + outbound flight over ~1 km.
    expect(drone.departAt).toBe(isoAt(now()));
    const distance = haversineMetres(NORTH_HUB[0], NORTH_HUB[1], w.pad[0], w.pad[1]);
    const vertical = WING_LIKE.cruiseAltitudeM / WING_LIKE.climbMps + (WING_LIKE.cruiseAltitudeM - WING_LIKE.deliveryAltitudeM) / WING_LIKE.descentMps;
    const fastest = WING_LIKE.launchSeconds + vertical + distance / (WING_LIKE.cruiseAirspeedMps + 3);
    const slowest = WING_LIKE.launchSeconds + vertical + distance / (WING_LIKE.cruiseAirspeedMps - 3);
    expect(epoch(drone.eta!) - now()).toBeGreaterThanOrEqual(Math.floor(fastest));
    expect(epoch(drone.eta!) - now()).toBeLessThanOrEqual(Math.ceil(slowest) + 1);
    // Van: next dispatch round (09:15), then road distance ≈ 1.3 × straight line at the dispatch van speed.
    const van = mode(q, 'van');
    expect(van.eligible).toBe(true);
    expect(epoch(van.eta!)).toBe(now() + 900 + Math.ceil((distance * 1.3) / DEFAULT_DISPATCH_SETTINGS.vanSpeedMps));
    expect(q.recommendedMode).toBe('drone');
    const read = await get(`/v1/quotes/${q.id}`, w.keys.alice);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(q);
  });

  it('refuses the drone to a front door (dropoff_not_drone_capable) and recommends the van', async () => {
    const q = (await post('/v1/quotes', w.keys.operator, quoteBody({ addressId: w.addresses.aliceHome }))).json();
    expect(mode(q, 'drone')).toMatchObject({ eligible: false, eta: null, reasons: [{ code: 'dropoff_not_drone_capable' }] });
    expect(q.recommendedMode).toBe('van');
  });

  it('too heavy for the drone: payload_over_limit (two kettles, 2.8 kg); one kettle flies', async () => {
    const two = (await post('/v1/quotes', w.keys.operator, quoteBody({ lines: [{ sku: 'KET-1', quantity: 2 }] }))).json();
    expect(mode(two, 'drone').reasons.map((r) => r.code)).toEqual(['payload_over_limit']);
    expect(mode(two, 'van').eligible).toBe(true);
    const one = (await post('/v1/quotes', w.keys.operator, quoteBody({ lines: [{ sku: 'KET-1', quantity: 1 }] }))).json();
    expect(mode(one, 'drone').eligible).toBe(true);
  });

  it('reads the weather at the planned time: a window in the rainy hour refuses the Wing-like drone', async () => {
    const start = Math.floor(Date.UTC(2030, 0, 15, 18, 10) / 1000);
    const q = (await post('/v1/quotes', w.keys.operator, quoteBody({ window: window(start, start + 1800) }))).json();
    expect(mode(q, 'drone').reasons.map((r) => r.code)).toEqual(['rain_not_allowed']);
    // The van arrives at the window start at the earliest.
    expect(mode(q, 'van')).toMatchObject({ eligible: true, eta: isoAt(start) });
    const dry = Math.floor(Date.UTC(2030, 0, 15, 16, 0) / 1000);
    const q2 = (await post('/v1/quotes', w.keys.operator, quoteBody({ window: window(dry, dry + 1800) }))).json();
    const d = mode(q2, 'drone');
    expect(d.eligible).toBe(true);
    // Launched so that it arrives at the window start, not hours early.
    expect(epoch(d.eta!)).toBeGreaterThanOrEqual(dry);
    expect(epoch(d.eta!)).toBeLessThanOrEqual(dry + 2);
  });

  it('waits for a launch pad while stored flight plans hold both pads', async () => {
    const t = now();
    const hold = (id: string, vehicleId: string) => ({
      id, hubId: w.hubs.north, vehicleId, routeId: null, tripNo: 1, orderIds: [], state: 'planned', padFrom: t - 60, takeoffAt: t + 600,
      landAt: t + 1200, padUntil: t + 1260, cruiseAltitudeM: 50, path: [], distanceM: 0, energyWh: 0, chargeFrom: null, chargeUntil: null, specId: 'test', createdAt: t,
    });
    // Two plans (the north hub has 2 pads) on the van id so that no drone is itself busy.
    await env().store.repos.flightPlans.insert([hold(env().ctx.ids.next('fpl'), w.vanId), hold(env().ctx.ids.next('fpl'), w.vanId)]);
    try {
      const q = (await post('/v1/quotes', w.keys.operator, quoteBody())).json();
      const d = mode(q, 'drone');
      expect(d.eligible).toBe(true);
      expect(d.departAt).toBe(isoAt(t + 600));
      expect(d.figures.launchWaitS).toBe(600);
    } finally {
      await env().store.db.execute((await import('drizzle-orm')).sql`delete from flight_plans where spec_id = 'test'`);
    }
  });

  it('a drop site inside a no-fly zone refuses the drone, naming the zone', async () => {
    const [x, y] = w.pad;
    const d = 0.003;
    const zone = { type: 'Feature', properties: { name: 'Test heliport', kind: 'heliport' }, geometry: { type: 'Polygon', coordinates: [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]] } };
    const created = await post('/v1/airspace/zones', w.keys.operator, zone);
    expect(created.statusCode).toBe(201);
    const zoneId = created.json().features[0].id;
    try {
      const q = (await post('/v1/quotes', w.keys.operator, quoteBody())).json();
      const drone = mode(q, 'drone');
      expect(drone.eligible).toBe(false);
      expect(drone.reasons.find((r) => r.code === 'drop_in_no_fly_zone')?.zoneId).toBe(zoneId);
    } finally {
      expect((await env().app.inject({ method: 'DELETE', url: `/v1/airspace/zones/${zoneId}`, headers: bearer(w.keys.operator) })).statusCode).toBe(204);
    }
  });

  it('quote → order with mode drone and the quoteId → the order shows its mode', async () => {
    const win = window(now() + 60, now() + 7200);
    const q = (await post('/v1/quotes', w.keys.alice, quoteBody({ window: win }))).json();
    const res = await post('/v1/orders', w.keys.alice, { addressId: w.padHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: win, mode: 'drone', quoteId: q.id });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ mode: 'drone', quoteId: q.id, hubId: w.hubs.north });
    const read = await get(`/v1/orders/${res.json().id}`, w.keys.alice);
    expect(read.json()).toMatchObject({ mode: 'drone', quoteId: q.id });
    // Without a mode, the quote's recommendation is taken.
    const q2 = (await post('/v1/quotes', w.keys.alice, quoteBody({ window: win }))).json();
    const res2 = await post('/v1/orders', w.keys.alice, { addressId: w.padHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: win, quoteId: q2.id });
    expect(res2.json()).toMatchObject({ mode: q2.recommendedMode });
    // No quote: van.
    const plain = await post('/v1/orders', w.keys.alice, { addressId: w.padHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: win });
    expect(plain.json()).toMatchObject({ mode: 'van', quoteId: null });
  });

  it('422 with a code and nothing changed: no quote for a drone, unknown, mismatched, ineligible or expired quotes', async () => {
    const win = window(now() + 60, now() + 7200);
    const order = (over: Record<string, unknown>) => post('/v1/orders', w.keys.alice, { addressId: w.padHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: win, ...over });
    const q = (await post('/v1/quotes', w.keys.alice, quoteBody({ window: win }))).json();
    const doorQuote = (await post('/v1/quotes', w.keys.alice, quoteBody({ addressId: w.addresses.aliceHome, window: win }))).json();
    const bobQuote = (await post('/v1/quotes', w.keys.bob, { addressId: w.addresses.bobHome, lines: [{ sku: 'TEA-100', quantity: 1 }] })).json();
    const before = { orders: await env().store.repos.orders.count(), stock: await env().store.repos.stock.get(w.hubs.north, w.products.tea) };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ mode: 'drone' }, 'quote_required'],
      [{ mode: 'drone', quoteId: 'quo_NOPE' }, 'quote_not_found'],
      [{ mode: 'van', quoteId: bobQuote.id }, 'quote_not_found'],
      [{ mode: 'drone', quoteId: q.id, lines: [{ sku: 'TEA-100', quantity: 2 }] }, 'quote_mismatch'],
      [{ mode: 'drone', quoteId: q.id, addressId: w.addresses.aliceHome }, 'quote_mismatch'],
      [{ mode: 'drone', quoteId: q.id, window: window(now() + 120, now() + 7200) }, 'quote_mismatch'],
      [{ mode: 'drone', quoteId: doorQuote.id, addressId: w.addresses.aliceHome }, 'mode_not_eligible'],
    ];
    for (const [over, code] of cases) {
      const res = await order(over);
      expect(res.statusCode, `${code}: ${res.body}`).toBe(422);
      expect(res.json().error.code).toBe(code);
      expect(typeof res.json().error.message).toBe('string');
    }
    clockMs += 901_000; // past the 15-minute validity
    const expired = await order({ mode: 'drone', quoteId: q.id });
    expect(expired.statusCode).toBe(422);
    expect(expired.json().error.code).toBe('quote_expired');
    expect(await env().store.repos.orders.count()).toBe(before.orders);
    expect(await env().store.repos.stock.get(w.hubs.north, w.products.tea)).toEqual(before.stock);
  });

  it('roles: customers quote their own addresses only; suppliers and devices may not quote', async () => {
    expect((await post('/v1/quotes', w.keys.alice, quoteBody())).statusCode).toBe(201);
    const other = await post('/v1/quotes', w.keys.bob, quoteBody());
    expect(other.statusCode).toBe(404);
    const mine = (await post('/v1/quotes', w.keys.alice, quoteBody())).json();
    expect((await get(`/v1/quotes/${mine.id}`, w.keys.bob)).statusCode).toBe(404);
    expect((await get(`/v1/quotes/${mine.id}`, w.keys.operator)).statusCode).toBe(200);
    for (const key of [w.keys.supplier, w.keys.device]) {
      const res = await post('/v1/quotes', key, quoteBody());
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
      expect((await get(`/v1/quotes/${mine.id}`, key)).statusCode).toBe(403);
    }
  });

  it('bad input: schema errors name the path; unserviceable addresses and unknown SKUs are 422', async () => {
    const bad = await post('/v1/quotes', w.keys.operator, quoteBody({ lines: [{ sku: 'TEA-100', quantity: 0 }] }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.path).toBe('/lines/0/quantity');
    expect((await post('/v1/quotes', w.keys.operator, quoteBody({ addressId: w.addresses.farAway }))).json().error.code).toBe('address_unserviceable');
    expect((await post('/v1/quotes', w.keys.operator, quoteBody({ lines: [{ sku: 'NOPE', quantity: 1 }] }))).json().error.code).toBe('unknown_sku');
    const inverted = await post('/v1/quotes', w.keys.operator, quoteBody({ window: window(now() + 3600, now() + 60) }));
    expect(inverted.statusCode).toBe(422);
    expect(inverted.json().error.code).toBe('invalid_window');
  });
  it('a drone quote goes stale when stock moved the order to another hub (quote_stale), nothing changed', async () => {
    clockMs = T0_MS + 3_600_000;
    const win = window(now() + 60, now() + 7200);
    const q = (await post('/v1/quotes', w.keys.alice, quoteBody({ window: win }))).json();
    expect(q.hubId).toBe(w.hubs.north);
    const north = (await env().store.repos.stock.get(w.hubs.north, w.products.tea))!;
    const available = north.onHand - north.reserved;
    await adjustStock(env().ctx, SYSTEM_ACTOR, { hubId: w.hubs.north, sku: 'TEA-100', delta: -available, reason: 'test: sold out' });
    try {
      const before = await env().store.repos.orders.count();
      const res = await post('/v1/orders', w.keys.alice, { addressId: w.padHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: win, mode: 'drone', quoteId: q.id });
      expect(res.statusCode).toBe(422);
      expect(res.json().error.code).toBe('quote_stale');
      expect(await env().store.repos.orders.count()).toBe(before);
    } finally {
      await adjustStock(env().ctx, SYSTEM_ACTOR, { hubId: w.hubs.north, sku: 'TEA-100', delta: available, reason: 'test: restock' });
    }
  });
}, { nowMs: () => clockMs });

// Hubs, products, stock, customers and addresses through the API; the OpenAPI document.
import { beforeAll, expect, it } from 'vitest';
import { bearer, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

describeBackends('catalog, stock and customers API', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });
  const call = (method: 'GET' | 'POST', url: string, key: string, payload?: unknown) =>
    env().app.inject({ method, url, headers: bearer(key), ...(payload !== undefined ? { payload: payload as object } : {}) });

  it('creates and reads hubs with ISO times', async () => {
    const r = await call('POST', '/v1/hubs', w.keys.operator, { name: 'Est', lon: 4.9, lat: 45.76, serviceRadiusM: 3000, openingHours: [{ day: 1, open: 28800, close: 72000 }], chargers: 3 });
    expect(r.statusCode).toBe(201);
    const hub = r.json();
    expect(hub).toMatchObject({ name: 'Est', serviceRadiusM: 3000, launchPads: 0, chargers: 3 });
    expect(hub.id).toMatch(/^hub_/);
    expect(hub.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await call('GET', `/v1/hubs/${hub.id}`, w.keys.operator)).json()).toEqual(hub);
    const bad = await call('POST', '/v1/hubs', w.keys.operator, { name: 'X', lon: 4.9, lat: 45.76, serviceRadiusM: 3000, openingHours: [{ day: 1, open: 72000, close: 28800 }] });
    expect(bad.statusCode).toBe(400);
    expect((await call('GET', '/v1/hubs/hub_nope', w.keys.operator)).statusCode).toBe(404);
  });

  it('creates products, refuses a duplicate SKU, paginates the catalogue', async () => {
    const body = { sku: 'MUG-2', name: 'Mug', weightG: 350, lengthMm: 120, widthMm: 90, heightMm: 100, priceMinor: 1200, currency: 'EUR' };
    const r = await call('POST', '/v1/products', w.keys.operator, body);
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject(body);
    const dup = await call('POST', '/v1/products', w.keys.operator, body);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('conflict');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: Array<{ id: string }>; nextCursor: string | null } = (await call('GET', `/v1/products?limit=1${cursor ? `&cursor=${cursor}` : ''}`, w.keys.alice)).json();
      seen.push(...page.data.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(4);
    expect(new Set(seen).size).toBe(4);
  });

  it('reads and adjusts stock; refuses to go below what is reserved', async () => {
    const list = (await call('GET', `/v1/hubs/${w.hubs.north}/stock`, w.keys.operator)).json();
    const tea = list.data.find((s: { sku: string }) => s.sku === 'TEA-100');
    expect(tea).toMatchObject({ onHand: 100, reserved: 0, available: 100 });
    const up = await call('POST', `/v1/hubs/${w.hubs.north}/stock/adjustments`, w.keys.operator, { sku: 'TEA-100', delta: 5, reason: 'delivery' });
    expect(up.json()).toMatchObject({ onHand: 105, available: 105 });
    const tooMuch = await call('POST', `/v1/hubs/${w.hubs.north}/stock/adjustments`, w.keys.operator, { sku: 'TEA-100', delta: -106, reason: 'oops' });
    expect(tooMuch.statusCode).toBe(409);
    expect(tooMuch.json().error.code).toBe('stock_negative');
    const unknown = await call('POST', `/v1/hubs/${w.hubs.north}/stock/adjustments`, w.keys.operator, { sku: 'NOPE', delta: 1, reason: 'x' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('unknown_sku');
    const zero = await call('POST', `/v1/hubs/${w.hubs.north}/stock/adjustments`, w.keys.operator, { sku: 'TEA-100', delta: 0, reason: 'x' });
    expect(zero.statusCode).toBe(400);
    // New stock row for a product the hub did not carry yet.
    const fresh = await call('POST', `/v1/hubs/${w.hubs.south}/stock/adjustments`, w.keys.operator, { sku: 'KET-1', delta: 2, reason: 'first delivery' });
    expect(fresh.json()).toMatchObject({ onHand: 2, reserved: 0, sku: 'KET-1' });
  });

  it('creates customers and addresses with drop-off preferences', async () => {
    const c = await call('POST', '/v1/customers', w.keys.operator, { name: 'Chloé', email: 'c@example.org', notifyChannel: 'push' });
    expect(c.statusCode).toBe(201);
    const id = c.json().id;
    const a = await call('POST', `/v1/customers/${id}/addresses`, w.keys.operator, { line1: '3 quai X', city: 'Lyon', postcode: '69002', country: 'FR', lon: 4.83, lat: 45.75, dropoff: 'drone_pad', dropoffNotes: 'roof' });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ customerId: id, dropoff: 'drone_pad', dropoffNotes: 'roof' });
    const badDrop = await call('POST', `/v1/customers/${id}/addresses`, w.keys.operator, { line1: '3 quai X', city: 'Lyon', postcode: '69002', country: 'FR', lon: 4.83, lat: 45.75, dropoff: 'chimney' });
    expect(badDrop.statusCode).toBe(400);
    expect(badDrop.json().error.details.path).toBe('/dropoff');
    const list = (await call('GET', `/v1/customers/${id}/addresses`, w.keys.operator)).json();
    expect(list.data.length).toBe(1);
    expect((await call('POST', '/v1/customers/cus_nope/addresses', w.keys.operator, { line1: 'x', city: 'y', postcode: '1', country: 'FR', lon: 0, lat: 0 })).statusCode).toBe(404);
  });

  it('serves an OpenAPI document listing the v1 endpoints with security schemes', async () => {
    const doc = (await env().app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ['/v1/orders', '/v1/orders/{id}', '/v1/orders/{id}/events', '/v1/orders/{id}/transitions', '/v1/orders/{id}/cancel', '/v1/hubs', '/v1/hubs/{id}/stock', '/v1/hubs/{id}/stock/adjustments', '/v1/products', '/v1/customers', '/v1/customers/{id}/addresses', '/healthz', '/readyz']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect(doc.paths['/v1/orders'].post.requestBody.content['application/json'].schema.required).toEqual(['addressId', 'lines', 'window']);
    expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
    const ui = await env().app.inject({ method: 'GET', url: '/docs' });
    expect(ui.statusCode).toBeLessThan(400);
  });

  it('answers unknown routes in the error format', async () => {
    const r = await env().app.inject({ method: 'GET', url: '/v1/nothing-here', headers: bearer(w.keys.operator) });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('route_not_found');
  });
});

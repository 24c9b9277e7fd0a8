// Every role against every resource kind: 401 without or with a bad key, 403 for a role outside
// the endpoint, 404 for another subject's record (ids do not leak), 2xx for the rest.
import { beforeAll, expect, it } from 'vitest';
import { bearer, futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

type Who = 'operator' | 'alice' | 'bob' | 'supplier' | 'device';

describeBackends('auth and roles', (env) => {
  let w: World;
  let aliceOrder: string;
  beforeAll(async () => {
    w = await seedWorld(env());
    const r = await env().app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: bearer(w.keys.alice),
      payload: { addressId: w.addresses.aliceHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: futureWindow() },
    });
    expect(r.statusCode).toBe(201);
    aliceOrder = r.json().id;
  });

  // [label, method, url, body, expected status per caller]. Alice owns the customer/address/order used.
  const cases: () => Array<[string, 'GET' | 'POST', string, unknown, Record<Who, number>]> = () => [
    ['list hubs', 'GET', '/v1/hubs', undefined, { operator: 200, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['get hub', 'GET', `/v1/hubs/${w.hubs.north}`, undefined, { operator: 200, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['create hub', 'POST', '/v1/hubs', { name: 'X', lon: 4.8, lat: 45.7, serviceRadiusM: 1000, openingHours: [] }, { operator: 201, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['read stock', 'GET', `/v1/hubs/${w.hubs.north}/stock`, undefined, { operator: 200, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['adjust stock', 'POST', `/v1/hubs/${w.hubs.north}/stock/adjustments`, { sku: 'TEA-100', delta: 1, reason: 'count' }, { operator: 200, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['list products', 'GET', '/v1/products', undefined, { operator: 200, alice: 200, bob: 200, supplier: 403, device: 403 }],
    ['get product', 'GET', `/v1/products/${w.products.tea}`, undefined, { operator: 200, alice: 200, bob: 200, supplier: 403, device: 403 }],
    ['create product', 'POST', '/v1/products', { sku: `N-${Math.random().toString(36).slice(2, 8)}`, name: 'n', weightG: 1, lengthMm: 1, widthMm: 1, heightMm: 1, priceMinor: 1, currency: 'EUR' }, { operator: 201, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['list customers', 'GET', '/v1/customers', undefined, { operator: 200, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['create customer', 'POST', '/v1/customers', { name: 'New' }, { operator: 201, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['get customer', 'GET', `/v1/customers/${w.customers.alice}`, undefined, { operator: 200, alice: 200, bob: 404, supplier: 403, device: 403 }],
    ['list addresses', 'GET', `/v1/customers/${w.customers.alice}/addresses`, undefined, { operator: 200, alice: 200, bob: 404, supplier: 403, device: 403 }],
    ['add address', 'POST', `/v1/customers/${w.customers.alice}/addresses`, { line1: '2 rue X', city: 'Lyon', postcode: '69002', country: 'FR', lon: 4.83, lat: 45.76, dropoff: 'smart_locker' }, { operator: 201, alice: 201, bob: 404, supplier: 403, device: 403 }],
    ['list orders', 'GET', '/v1/orders', undefined, { operator: 200, alice: 200, bob: 200, supplier: 403, device: 403 }],
    ['get order', 'GET', `/v1/orders/${aliceOrder}`, undefined, { operator: 200, alice: 200, bob: 404, supplier: 403, device: 403 }],
    ['order events', 'GET', `/v1/orders/${aliceOrder}/events`, undefined, { operator: 200, alice: 200, bob: 404, supplier: 403, device: 403 }],
    ['transition order', 'POST', `/v1/orders/${aliceOrder}/transitions`, { to: 'allocated' }, { operator: 409, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['place order for alice', 'POST', '/v1/orders', { customerId: w.customers.alice, addressId: w.addresses.aliceHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: futureWindow() }, { operator: 201, alice: 201, bob: 403, supplier: 403, device: 403 }],
  ];

  it('refuses missing, malformed and unknown keys with 401 on every /v1 endpoint', async () => {
    for (const [label, method, url, body] of cases()) {
      for (const headers of [{}, { authorization: 'Basic abc' }, bearer('rk_nope'), { 'x-api-key': 'nope' }]) {
        const r = await env().app.inject({ method, url, headers, ...(body ? { payload: body as object } : {}) });
        expect([label, r.statusCode, r.json().error.code]).toEqual([label, 401, 'unauthorized']);
      }
    }
  });

  it('applies the role matrix to every resource kind', async () => {
    const keys: Record<Who, string> = { operator: w.keys.operator, alice: w.keys.alice, bob: w.keys.bob, supplier: w.keys.supplier, device: w.keys.device };
    const seen: string[] = [];
    for (const [label, method, url, body, expected] of cases()) {
      for (const who of Object.keys(expected) as Who[]) {
        const r = await env().app.inject({ method, url, headers: bearer(keys[who]), ...(body ? { payload: body as object } : {}) });
        seen.push(`${label} as ${who}: ${r.statusCode}`);
        expect(`${label} as ${who}: ${r.statusCode}`).toBe(`${label} as ${who}: ${expected[who]}`);
        if (r.statusCode >= 400) expect(r.json().error.code).toBe({ 403: 'forbidden', 404: 'not_found', 409: 'illegal_transition' }[r.statusCode as 403 | 404 | 409]);
      }
    }
    expect(seen.length).toBe(cases().length * 5);
  });

  it('accepts the key in x-api-key too; public probes and docs need no key', async () => {
    const r = await env().app.inject({ method: 'GET', url: '/v1/products', headers: { 'x-api-key': w.keys.alice } });
    expect(r.statusCode).toBe(200);
    for (const url of ['/healthz', '/readyz', '/docs/json']) expect((await env().app.inject({ method: 'GET', url })).statusCode).toBe(200);
  });

  it('a customer listing sees only their own orders', async () => {
    const r = await env().app.inject({ method: 'GET', url: '/v1/orders?limit=200', headers: bearer(w.keys.bob) });
    expect(r.json().data).toEqual([]);
  });
});

// The demo city (`relais serve --demo`): seeded once into an empty database, every customer
// address inside some hub's service area, documented keys working, and a second start that
// neither reseeds nor duplicates anything.
import { beforeAll, expect, it } from 'vitest';
import { haversineMetres } from '../../src/geo/haversine.js';
import { DEMO_CUSTOMER_KEY, DEMO_OPERATOR_KEY, seedDemoCity } from '../../src/demo/seed.js';
import { bearer, futureWindow } from './fixtures.js';
import { describeBackends } from './harness.js';

describeBackends('demo city seed', (env) => {
  beforeAll(async () => {
    const first = await seedDemoCity(env().ctx);
    expect(first.seeded).toBe(true);
  });

  const all = async (url: string, key = DEMO_OPERATOR_KEY) => {
    const out: any[] = [];
    let cursor: string | null = null;
    do {
      const r: { statusCode: number; json: () => any } = await env().app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(key) });
      expect(r.statusCode).toBe(200);
      out.push(...r.json().data);
      cursor = r.json().nextCursor;
    } while (cursor);
    return out;
  };

  it('has three hubs, ~20 products with realistic weights and sizes, stock, ~50 customers, vans and drones per hub, 3 suppliers with rules', async () => {
    const hubs = await all('/v1/hubs');
    expect(hubs.length).toBe(3);
    const products = await all('/v1/products');
    expect(products.length).toBeGreaterThanOrEqual(20);
    for (const p of products) {
      expect(p.weightG).toBeGreaterThan(0);
      expect(p.weightG).toBeLessThan(10_000);
      expect(Math.max(p.lengthMm, p.widthMm, p.heightMm)).toBeLessThan(1000);
      expect(p.priceMinor).toBeGreaterThan(0);
    }
    for (const h of hubs) {
      const stock = await all(`/v1/hubs/${h.id}/stock`);
      expect(stock.length).toBeGreaterThan(10);
      const vehicles = await env().store.repos.vehicles.forHub(h.id);
      expect(new Set(vehicles.map((v) => v.kind))).toEqual(new Set(['van', 'drone']));
      expect((await env().store.repos.suppliers.rulesForHub(h.id)).length).toBe(products.length);
    }
    const customers = await all('/v1/customers');
    expect(customers.length).toBe(50);
    const dropoffs = new Set<string>();
    for (const c of customers) {
      const [a] = await all(`/v1/customers/${c.id}/addresses`);
      dropoffs.add(a.dropoff);
      const inArea = hubs.some((h) => haversineMetres(h.lon, h.lat, a.lon, a.lat) <= h.serviceRadiusM);
      expect(inArea).toBe(true);
    }
    expect(dropoffs.size).toBeGreaterThanOrEqual(4);
  });

  it('the documented keys work: the customer key places an order for its customer', async () => {
    const me = (await all('/v1/orders', DEMO_CUSTOMER_KEY)).length;
    const customerId = (await seedDemoCity(env().ctx)).customerId!;
    const [adr] = await all(`/v1/customers/${customerId}/addresses`, DEMO_CUSTOMER_KEY);
    const r = await env().app.inject({
      method: 'POST', url: '/v1/orders', headers: { ...bearer(DEMO_CUSTOMER_KEY), 'idempotency-key': 'demo-1' },
      payload: { addressId: adr.id, lines: [{ sku: 'TEA-100', quantity: 1 }], window: futureWindow() },
    });
    expect(r.statusCode).toBe(201);
    expect((await all('/v1/orders', DEMO_CUSTOMER_KEY)).length).toBe(me + 1);
  });

  it('a second start does not reseed or duplicate', async () => {
    const again = await seedDemoCity(env().ctx);
    expect(again.seeded).toBe(false);
    expect((await all('/v1/hubs')).length).toBe(3);
    expect((await all('/v1/customers')).length).toBe(50);
  });
});

// The intake reference cache (src/store/intake-cache.ts) can be stale, never wrong: two domain
// contexts on one database stand for two server processes, each with its own cache. One changes
// reference data or stock behind the other's back; the other's next order must still be placed
// as fresh data says (price, hub, refusal), and nothing of its stale write may remain.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { adjustStock, createHub, createProduct } from '../../src/domain/catalog.js';
import { createDomainContext, type DomainContext } from '../../src/domain/context.js';
import { placeOrderIdempotent } from '../../src/domain/order-intake.js';
import type { PlaceOrderInput } from '../../src/domain/orders.js';
import { openStore, Store } from '../../src/store/index.js';
import { futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

describeBackends('intake cache: another process changes what this one cached', (env) => {
  let w: World;
  let a: DomainContext; // this process: its cache is warmed first
  let b: DomainContext; // another process on the same database
  let closeB = async () => {};
  beforeAll(async () => {
    w = await seedWorld(env());
    a = env().ctx;
    const { store, databaseUrl } = env();
    // PostgreSQL: a second pool, as a second server would have. PGlite is one process by nature:
    // a second Store on the same database connection, with its own intake cache.
    const other = databaseUrl ? await openStore({ kind: 'postgres', url: databaseUrl, poolSize: 4 }) : new Store(store.kind, store.db, store.sql, async () => {});
    closeB = () => other.close();
    b = createDomainContext(other);
  });
  afterAll(async () => {
    await closeB();
  });

  const order = (ctx: DomainContext, addressId: string, lines: PlaceOrderInput['lines'], key?: string) => {
    const f = futureWindow();
    const customerId = addressId === w.addresses.bobHome ? w.customers.bob : w.customers.alice;
    const input = { customerId, addressId, lines, windowStart: Date.parse(f.start) / 1000, windowEnd: Date.parse(f.end) / 1000 };
    return placeOrderIdempotent(ctx, SYSTEM_ACTOR, input, {}, key ? { scope: 'cache-test', key, hash: `h-${key}` } : undefined, (p) => p);
  };
  const writes = (ctx: DomainContext) => {
    const results: boolean[] = [];
    const place = ctx.store.intake.place.bind(ctx.store.intake);
    const store = Object.create(ctx.store) as Store;
    Object.defineProperty(store, 'intake', {
      value: Object.assign(Object.create(ctx.store.intake), {
        place: async (...x: Parameters<Store['intake']['place']>) => {
          const r = await place(...x);
          results.push(r);
          return r;
        },
      }),
    });
    return { ctx: { ...ctx, store }, results };
  };
  const reserved = async (hubId: string, productId: string) => (await env().store.repos.stock.get(hubId, productId))?.reserved ?? 0;

  it('a price changed by another process: the stale write declines, the order carries the new price, the next one is fast again', async () => {
    const p = await createProduct(a, SYSTEM_ACTOR, { sku: 'CACHE-PRICE', name: 'Price probe', weightG: 100, lengthMm: 10, widthMm: 10, heightMm: 10, priceMinor: 1000, currency: 'EUR' });
    await adjustStock(a, SYSTEM_ACTOR, { hubId: w.hubs.north, sku: 'CACHE-PRICE', delta: 10, reason: 'test' });
    const first = await order(a, w.addresses.aliceHome, [{ sku: 'CACHE-PRICE', quantity: 1 }], 'price-1');
    expect(first.body.order.totalMinor).toBe(1000);
    expect(a.store.intake.cache.get(w.addresses.aliceHome, ['CACHE-PRICE'])?.products[0]?.priceMinor).toBe(1000);

    await b.store.db.execute(sql`update products set price_minor = 1500 where id = ${p.id}`);
    const ordersBefore = await env().store.repos.orders.count();
    const reservedBefore = await reserved(w.hubs.north, p.id);
    const { ctx, results } = writes(a);
    const second = await order(ctx, w.addresses.aliceHome, [{ sku: 'CACHE-PRICE', quantity: 2 }], 'price-2');
    expect(second.status).toBe(201);
    expect(second.body.order.totalMinor).toBe(3000);
    expect(second.body.lines[0]!.unitPriceMinor).toBe(1500);
    expect(results).toEqual([false]); // built on the old price: declined, written by the transactional path
    expect(await env().store.repos.orders.count()).toBe(ordersBefore + 1);
    expect(await reserved(w.hubs.north, p.id)).toBe(reservedBefore + 2);
    const stored = await env().store.repos.orders.lines(second.body.order.id);
    expect(stored.map((l) => l.unitPriceMinor)).toEqual([1500]);

    const third = await order(ctx, w.addresses.aliceHome, [{ sku: 'CACHE-PRICE', quantity: 1 }], 'price-3');
    expect(third.body.order.totalMinor).toBe(1500);
    expect(results).toEqual([false, true]); // re-read, then one write again
  });

  it('a change made by this process itself invalidates its own cache the same way', async () => {
    const p = await createProduct(a, SYSTEM_ACTOR, { sku: 'CACHE-OWN', name: 'Own change', weightG: 100, lengthMm: 10, widthMm: 10, heightMm: 10, priceMinor: 200, currency: 'EUR' });
    await adjustStock(a, SYSTEM_ACTOR, { hubId: w.hubs.north, sku: 'CACHE-OWN', delta: 10, reason: 'test' });
    expect((await order(a, w.addresses.aliceHome, [{ sku: 'CACHE-OWN', quantity: 1 }])).body.order.weightG).toBe(100);
    await a.store.db.execute(sql`update products set weight_g = 250 where id = ${p.id}`);
    expect((await order(a, w.addresses.aliceHome, [{ sku: 'CACHE-OWN', quantity: 2 }])).body.order.weightG).toBe(500);
  });

  it('an address moved by another process: the order goes to the hub nearest its new place', async () => {
    expect((await order(a, w.addresses.bobHome, [{ sku: 'TEA-100', quantity: 1 }], 'moved-1')).body.order.hubId).toBe(w.hubs.south);
    await b.store.db.execute(sql`update addresses set lon = 4.833, lat = 45.775 where id = ${w.addresses.bobHome}`); // next to north
    try {
      const { ctx, results } = writes(a);
      const moved = await order(ctx, w.addresses.bobHome, [{ sku: 'TEA-100', quantity: 1 }], 'moved-2');
      expect(moved.body.order.hubId).toBe(w.hubs.north);
      expect(results).toEqual([false]);
      expect((await env().store.repos.outbox.forAggregate(moved.body.order.id)).map((o) => (o.payload as { hubId: string }).hubId)).toEqual([w.hubs.north]);
    } finally {
      await b.store.db.execute(sql`update addresses set lon = 4.842, lat = 45.745 where id = ${w.addresses.bobHome}`);
    }
  });

  it('stock restocked by another process at a nearer hub: the cached hint (none there) does not send the order to the farther hub', async () => {
    await createProduct(a, SYSTEM_ACTOR, { sku: 'CACHE-HINT', name: 'Hint probe', weightG: 100, lengthMm: 10, widthMm: 10, heightMm: 10, priceMinor: 100, currency: 'EUR' });
    await adjustStock(a, SYSTEM_ACTOR, { hubId: w.hubs.south, sku: 'CACHE-HINT', delta: 10, reason: 'test' });
    // Alice lives in both areas, nearer north; north has none yet, so south serves her.
    expect((await order(a, w.addresses.aliceHome, [{ sku: 'CACHE-HINT', quantity: 1 }], 'hint-1')).body.order.hubId).toBe(w.hubs.south);
    await adjustStock(b, SYSTEM_ACTOR, { hubId: w.hubs.north, sku: 'CACHE-HINT', delta: 5, reason: 'test' });
    const { ctx, results } = writes(a);
    const near = await order(ctx, w.addresses.aliceHome, [{ sku: 'CACHE-HINT', quantity: 1 }], 'hint-2');
    expect(near.body.order.hubId).toBe(w.hubs.north);
    expect(results).toEqual([false]); // the write for south found north stocked and declined
    const p = (await env().store.repos.products.getBySku('CACHE-HINT'))!;
    expect(await reserved(w.hubs.south, p.id)).toBe(1);
    expect(await reserved(w.hubs.north, p.id)).toBe(1);
  });

  it('stock taken by another process: the cached hint (plenty) declines at the hub and the order falls through', async () => {
    const p = await createProduct(a, SYSTEM_ACTOR, { sku: 'CACHE-GONE', name: 'Gone probe', weightG: 100, lengthMm: 10, widthMm: 10, heightMm: 10, priceMinor: 100, currency: 'EUR' });
    await adjustStock(a, SYSTEM_ACTOR, { hubId: w.hubs.north, sku: 'CACHE-GONE', delta: 3, reason: 'test' });
    await adjustStock(a, SYSTEM_ACTOR, { hubId: w.hubs.south, sku: 'CACHE-GONE', delta: 3, reason: 'test' });
    expect((await order(a, w.addresses.aliceHome, [{ sku: 'CACHE-GONE', quantity: 1 }])).body.order.hubId).toBe(w.hubs.north);
    expect((await order(b, w.addresses.aliceHome, [{ sku: 'CACHE-GONE', quantity: 2 }])).body.order.hubId).toBe(w.hubs.north); // north now empty
    const { ctx, results } = writes(a);
    const fell = await order(ctx, w.addresses.aliceHome, [{ sku: 'CACHE-GONE', quantity: 1 }]);
    expect(fell.body.order.hubId).toBe(w.hubs.south);
    expect(results).toEqual([false]);
    expect(await reserved(w.hubs.north, p.id)).toBe(3); // never more than on hand
    expect(await reserved(w.hubs.south, p.id)).toBe(1);
  });

  it('a refusal drawn from the cache is not final: stock added by another process since is sold', async () => {
    await createProduct(a, SYSTEM_ACTOR, { sku: 'CACHE-NONE', name: 'None probe', weightG: 100, lengthMm: 10, widthMm: 10, heightMm: 10, priceMinor: 100, currency: 'EUR' });
    await expect(order(a, w.addresses.aliceHome, [{ sku: 'CACHE-NONE', quantity: 1 }])).rejects.toMatchObject({ code: 'stock_insufficient' });
    expect(a.store.intake.cache.get(w.addresses.aliceHome, ['CACHE-NONE'])).toBeDefined(); // cached: none anywhere
    await adjustStock(b, SYSTEM_ACTOR, { hubId: w.hubs.north, sku: 'CACHE-NONE', delta: 2, reason: 'test' });
    expect((await order(a, w.addresses.aliceHome, [{ sku: 'CACHE-NONE', quantity: 1 }])).body.order.hubId).toBe(w.hubs.north);
  });

  it('a hub opened by another process nearer the address: orders go there', async () => {
    expect((await order(a, w.addresses.bobHome, [{ sku: 'TEA-100', quantity: 1 }])).body.order.hubId).toBe(w.hubs.south);
    const hub = await createHub(b, SYSTEM_ACTOR, { name: 'Bob corner', lon: 4.842, lat: 45.7451, serviceRadiusM: 2000, openingHours: [], launchPads: 0, chargers: 0 });
    await adjustStock(b, SYSTEM_ACTOR, { hubId: hub.id, sku: 'TEA-100', delta: 5, reason: 'test' });
    const { ctx, results } = writes(a);
    expect((await order(ctx, w.addresses.bobHome, [{ sku: 'TEA-100', quantity: 1 }])).body.order.hubId).toBe(hub.id);
    expect(results).toEqual([false]);
  });
});

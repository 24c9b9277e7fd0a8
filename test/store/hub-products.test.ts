// orders.hubProducts (the relay's replenishment reaction reads it for a whole batch): one row per
// line of each order that has a hub, whatever order the ids come in; unknown ids add nothing.
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { placeOrderIdempotent } from '../../src/domain/order-intake.js';
import { futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

describeBackends('orders.hubProducts', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });

  it('lists the hub and product of every line of the given orders', async () => {
    const { ctx, store } = env();
    const f = futureWindow();
    const place = async (addressId: string, customerId: string, lines: Array<{ sku: string; quantity: number }>) =>
      (await placeOrderIdempotent(ctx, SYSTEM_ACTOR, { customerId, addressId, lines, windowStart: Date.parse(f.start) / 1000, windowEnd: Date.parse(f.end) / 1000 }, {}, undefined, (p) => p)).body.order;
    const both = await place(w.addresses.aliceHome, w.customers.alice, [
      { sku: 'TEA-100', quantity: 1 },
      { sku: 'KET-1', quantity: 1 },
    ]);
    const rare = await place(w.addresses.bobHome, w.customers.bob, [{ sku: 'RARE-1', quantity: 2 }]);
    expect(both.hubId).toBe(w.hubs.north);
    expect(rare.hubId).toBe(w.hubs.south);

    const rows = await store.repos.orders.hubProducts([rare.id, 'ord_unknown', both.id]);
    const key = (r: { hubId: string; productId: string }) => `${r.hubId}/${r.productId}`;
    expect(rows.map(key).sort()).toEqual(
      [`${w.hubs.north}/${w.products.tea}`, `${w.hubs.north}/${w.products.kettle}`, `${w.hubs.south}/${w.products.rare}`].sort(),
    );
    expect(await store.repos.orders.hubProducts(['ord_unknown'])).toEqual([]);
    expect(await store.repos.orders.hubProducts([])).toEqual([]);
  });
});

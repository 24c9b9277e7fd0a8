// The relay reacts to a batch at once (reactToEvents): replenishment checks of the batch's orders
// are merged per (hub, product). The outcome must be that of reacting to each event in turn: one
// PO per hub whose stock fell below min, for max − projected, none where stock stayed above.
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { placeOrderIdempotent } from '../../src/domain/order-intake.js';
import { relayOutboxBatch } from '../../src/domain/outbox-relay.js';
import { OPEN_PURCHASE_ORDER_STATES } from '../../src/domain/purchase-order-states.js';
import { createReorderRule } from '../../src/domain/replenishment.js';
import { futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

describeBackends('relay reacts to a batch of allocated orders at once', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });

  it('raises one PO per hub that fell below min, for max − projected, and none elsewhere', async () => {
    const { ctx, store } = env();
    while ((await relayOutboxBatch(ctx, 500)).events > 0); // seeding's events
    // North holds 100 tea, south 50: min 97 at north is crossed by the 4 orders below, min 40 at south is not.
    await createReorderRule(ctx, { hubId: w.hubs.north, sku: 'TEA-100', supplierId: w.ids.supplier, min: 97, max: 120, unitCostMinor: 10 });
    await createReorderRule(ctx, { hubId: w.hubs.south, sku: 'TEA-100', supplierId: w.ids.supplier, min: 40, max: 60, unitCostMinor: 10 });
    const f = futureWindow();
    const place = (addressId: string, customerId: string) =>
      placeOrderIdempotent(ctx, SYSTEM_ACTOR, { customerId, addressId, lines: [{ sku: 'TEA-100', quantity: 1 }], windowStart: Date.parse(f.start) / 1000, windowEnd: Date.parse(f.end) / 1000 }, {}, undefined, (p) => p);
    for (let i = 0; i < 4; i++) expect((await place(w.addresses.aliceHome, w.customers.alice)).body.order.hubId).toBe(w.hubs.north);
    expect((await place(w.addresses.bobHome, w.customers.bob)).body.order.hubId).toBe(w.hubs.south);
    const relayed = await relayOutboxBatch(ctx, 100);
    expect(relayed.events).toBe(5);
    expect(relayed.reactionErrors).toEqual([]);
    const north = await store.repos.purchaseOrders.openQuantity(w.hubs.north, w.products.tea, OPEN_PURCHASE_ORDER_STATES);
    expect(north.purchaseOrderIds).toHaveLength(1);
    expect(north.quantity).toBe(120 - 96);
    const south = await store.repos.purchaseOrders.openQuantity(w.hubs.south, w.products.tea, OPEN_PURCHASE_ORDER_STATES);
    expect(south.purchaseOrderIds).toHaveLength(0);
  });
});

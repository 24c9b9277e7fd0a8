// Concurrency on both back ends (on PostgreSQL the transactions really overlap): concurrent
// replenishment checks raise one PO, not several; concurrent outbox relays handle each event once.
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { relayOutboxBatch } from '../../src/domain/outbox-relay.js';
import { createReorderRule, runReplenishment } from '../../src/domain/replenishment.js';
import { createSubscription } from '../../src/domain/webhooks.js';
import { bearer, futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

process.env.RELAIS_ALLOW_PRIVATE_WEBHOOKS = '1'; // placeholder subscription URLs on 127.0.0.1 (url guard)

describeBackends('replenishment and relay concurrency', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });

  it('raises exactly one PO when six checks of the same hub and SKU run at once', async () => {
    // TEA-100 at south: 50 on hand, min 60 → below min; max 100 → order 50.
    await createReorderRule(env().ctx, { hubId: w.hubs.south, sku: 'TEA-100', supplierId: w.ids.supplier, min: 60, max: 100, unitCostMinor: 300 });
    const runs = await Promise.all(Array.from({ length: 6 }, () => runReplenishment(env().ctx, SYSTEM_ACTOR, w.hubs.south)));
    const outcomes = runs.flat().map((d) => d.outcome).sort();
    expect(outcomes).toEqual(['po_open', 'po_open', 'po_open', 'po_open', 'po_open', 'raised']);
    const pos = (await env().store.repos.purchaseOrders.list({ hubId: w.hubs.south }, { limit: 10 })).items;
    expect(pos).toHaveLength(1);
    const lines = await env().store.repos.purchaseOrders.lines(pos[0]!.id);
    expect(lines.map((l) => [l.productId, l.quantity])).toEqual([[w.products.tea, 50]]);
  });

  it('hands each outbox event to exactly one of four concurrent relays', async () => {
    await createSubscription(env().ctx, SYSTEM_ACTOR, { url: 'http://127.0.0.1:9/never-called', eventTypes: ['*'] });
    await Promise.all([relayOutboxBatch(env().ctx, 1000)]); // drain what seeding produced
    for (let i = 0; i < 12; i++) {
      const r = await env().app.inject({ method: 'POST', url: '/v1/orders', headers: bearer(w.keys.alice), payload: { addressId: w.addresses.aliceHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: futureWindow() } });
      expect(r.statusCode).toBe(201);
    }
    const handled = await Promise.all(
      Array.from({ length: 4 }, async () => {
        let n = 0;
        for (;;) {
          const r = await relayOutboxBatch(env().ctx, 3);
          if (r.events === 0) return n;
          n += r.events;
        }
      }),
    );
    const total = handled.reduce((a, b) => a + b, 0);
    // 12 order.allocated events (replenishment raises nothing here: north has no rules).
    expect(total).toBe(12);
    expect(await env().store.repos.webhooks.claimUnpublished(10)).toEqual([]);
  });
});

// The outbox relay's reactions on both back ends: a failing reaction rolls back alone (the
// others' effects stay, every event is still published and fanned out), and replenishment splits
// a supplier's due products into one PO per currency.
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { adjustStock, createProduct } from '../../src/domain/catalog.js';
import { relayOutboxBatch } from '../../src/domain/outbox-relay.js';
import { createReorderRule, runReplenishment } from '../../src/domain/replenishment.js';
import { createSubscription } from '../../src/domain/webhooks.js';
import { seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

process.env.RELAIS_ALLOW_PRIVATE_WEBHOOKS = '1'; // placeholder subscription URLs on 127.0.0.1 (url guard)

describeBackends('outbox relay reactions', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });

  it('isolates a failing reaction: its writes roll back, the others stay, all events are published and fanned out', async () => {
    const { ctx, store } = env();
    while ((await relayOutboxBatch(ctx, 500)).events > 0); // seeding's events
    const sub = await createSubscription(ctx, SYSTEM_ACTOR, { url: 'http://127.0.0.1:9/x', eventTypes: ['test.*'] });
    await store.transaction((tx) =>
      tx.outbox.append(['test.a', 'test.b', 'test.c'].map((type) => ({ id: ctx.ids.next('obx'), type, aggregateType: 'test', aggregateId: type, payload: {}, createdAt: 0 }))),
    );
    const result = await relayOutboxBatch(ctx, 100, async (c, tx, e) => {
      await tx.audit.append({ id: c.ids.next('aud'), at: 0, actor: 'test', action: 'reacted', entityType: 'test', entityId: e.type, details: null });
      if (e.type === 'test.b') throw new Error('reaction b failed');
    }, (t) => t.startsWith('test.'));
    expect(result.events).toBe(3);
    expect(result.deliveries).toBe(3);
    expect(result.reactionErrors).toEqual([{ eventId: expect.any(String), type: 'test.b', message: 'reaction b failed' }]);
    const audited = await Promise.all(['test.a', 'test.b', 'test.c'].map(async (t) => (await store.repos.smartHome.auditFor('test', t)).length));
    expect(audited).toEqual([1, 0, 1]);
    expect(await store.repos.webhooks.claimUnpublished(10)).toEqual([]);
    expect((await store.repos.webhooks.listDeliveries(sub.id, { limit: 10 })).items.map((d) => d.eventType)).toEqual(['test.a', 'test.b', 'test.c']);
  });

  it('raises one PO per supplier and currency when products of both are due together', async () => {
    const { ctx, store } = env();
    const p = (sku: string, currency: string) => createProduct(ctx, SYSTEM_ACTOR, { sku, name: sku, weightG: 10, lengthMm: 10, widthMm: 10, heightMm: 10, priceMinor: 100, currency });
    await p('EUR-ITEM', 'EUR');
    await p('USD-ITEM', 'USD');
    for (const sku of ['EUR-ITEM', 'USD-ITEM']) {
      await adjustStock(ctx, SYSTEM_ACTOR, { hubId: w.hubs.south, sku, delta: 2, reason: 'initial' });
      await createReorderRule(ctx, { hubId: w.hubs.south, sku, supplierId: w.ids.supplier, min: 5, max: 10, unitCostMinor: 50 });
    }
    const decisions = await runReplenishment(ctx, SYSTEM_ACTOR, w.hubs.south);
    const raised = decisions.filter((d) => d.outcome === 'raised');
    expect(raised).toHaveLength(2);
    expect(new Set(raised.map((d) => d.purchaseOrderId)).size).toBe(2);
    const pos = await Promise.all(raised.map(async (d) => (await store.repos.purchaseOrders.get(d.purchaseOrderId!))!));
    expect(pos.map((po) => po.currency).sort()).toEqual(['EUR', 'USD']);
    for (const d of raised) expect(d.quantity).toBe(8);
  });
});

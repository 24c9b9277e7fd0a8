// Intake writes the order for the best-ranked hub and reserves stock last; when the reservation
// fails there (a concurrent order won the units), it falls through to the next candidate and the
// order, its allocation event and its outbox entry must all name the hub that holds the stock.
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import type { AllocationStrategy } from '../../src/domain/allocation.js';
import { placeOrderTx } from '../../src/domain/orders.js';
import { futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

describeBackends('intake falls through to the next hub', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });

  // Ranks north first although only south stocks RARE-1: the snapshot-vs-reservation race, made deterministic.
  const staleFirst: AllocationStrategy = { name: 'stale-first', rank: () => ({ inArea: [w.hubs.north, w.hubs.south], candidates: [w.hubs.north, w.hubs.south] }) };
  const window = () => {
    const f = futureWindow();
    return { windowStart: Date.parse(f.start) / 1000, windowEnd: Date.parse(f.end) / 1000 };
  };

  it('reserves at the second candidate and records that hub everywhere', async () => {
    const { ctx, store } = env();
    const before = await store.repos.stock.get(w.hubs.south, w.products.rare);
    const placed = await store.transaction((tx) =>
      placeOrderTx({ ...ctx, allocation: staleFirst }, tx, SYSTEM_ACTOR, {
        customerId: w.customers.alice,
        addressId: w.addresses.aliceHome,
        lines: [{ sku: 'RARE-1', quantity: 2 }],
        ...window(),
      }),
    );
    expect(placed.order.hubId).toBe(w.hubs.south);
    const stored = await store.repos.orders.get(placed.order.id);
    expect(stored!.hubId).toBe(w.hubs.south);
    const events = await store.repos.orders.events(placed.order.id, { limit: 10 });
    expect(events.items.map((e) => [e.toState, e.reason])).toEqual([['placed', null], ['allocated', `hub ${w.hubs.south}`]]);
    const outbox = await store.repos.outbox.forAggregate(placed.order.id);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.payload).toMatchObject({ orderId: placed.order.id, hubId: w.hubs.south, state: 'allocated' });
    const after = await store.repos.stock.get(w.hubs.south, w.products.rare);
    expect(after!.reserved - before!.reserved).toBe(2);
    expect(await store.repos.stock.get(w.hubs.north, w.products.rare)).toBeUndefined();
  });

  it('writes nothing when no candidate can reserve', async () => {
    const { ctx, store } = env();
    const count = await store.repos.orders.count();
    const none: AllocationStrategy = { name: 'none-has-it', rank: () => ({ inArea: [w.hubs.north], candidates: [w.hubs.north] }) };
    await expect(
      store.transaction((tx) =>
        placeOrderTx({ ...ctx, allocation: none }, tx, SYSTEM_ACTOR, { customerId: w.customers.alice, addressId: w.addresses.aliceHome, lines: [{ sku: 'RARE-1', quantity: 1 }], ...window() }),
      ),
    ).rejects.toMatchObject({ code: 'stock_insufficient' });
    expect(await store.repos.orders.count()).toBe(count);
  });
});

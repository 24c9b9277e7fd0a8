// 50 parallel orders for the last 10 units of a SKU: exactly 10 succeed and stock never goes
// negative. PGlite serialises transactions; on PostgreSQL the requests really overlap
// (20 pooled connections), so this exercises the guarded UPDATE under contention.
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { adjustStock, createProduct } from '../../src/domain/catalog.js';
import { bearer, futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

describeBackends('stock under concurrent orders', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });

  it('50 parallel orders for the last 10 units: exactly 10 succeed', async () => {
    const { ctx } = env();
    await createProduct(ctx, SYSTEM_ACTOR, { sku: 'LAST-10', name: 'Last ten', weightG: 100, lengthMm: 10, widthMm: 10, heightMm: 10, priceMinor: 100, currency: 'EUR' });
    const stocked = await adjustStock(ctx, SYSTEM_ACTOR, { hubId: w.hubs.north, sku: 'LAST-10', delta: 10, reason: 'test' });
    const window = futureWindow();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        env().app.inject({
          method: 'POST',
          url: '/v1/orders',
          headers: { ...bearer(w.keys.operator), 'idempotency-key': `last10-${i}` },
          // Every third order also takes tea, listed in either order: the service locks rows in one
          // order whatever the request says (no deadlocks), while the others contend on LAST-10 alone.
          payload: {
            customerId: w.customers.alice,
            addressId: w.addresses.aliceHome,
            window,
            lines:
              i % 3 === 0 ? [{ sku: 'LAST-10', quantity: 1 }]
              : i % 3 === 1 ? [{ sku: 'TEA-100', quantity: 1 }, { sku: 'LAST-10', quantity: 1 }]
              : [{ sku: 'LAST-10', quantity: 1 }, { sku: 'TEA-100', quantity: 1 }],
          },
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201).length).toBe(10);
    expect(codes.filter((c) => c === 409).length).toBe(40);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('stock_insufficient');
    const row = await ctx.store.repos.stock.get(w.hubs.north, stocked.productId);
    expect(row).toMatchObject({ onHand: 10, reserved: 10 });
    // Losers changed nothing: exactly ten orders hold this product.
    const orders = await ctx.store.repos.orders.list({ state: 'allocated' }, { limit: 1000 });
    let holding = 0;
    for (const o of orders.items) {
      const lines = await ctx.store.repos.orders.lines(o.id);
      if (lines.some((l) => l.sku === 'LAST-10')) holding++;
    }
    expect(holding).toBe(10);
  });

  it('concurrent cancellations and adjustments keep on_hand ≥ reserved ≥ 0', async () => {
    const { ctx } = env();
    await createProduct(ctx, SYSTEM_ACTOR, { sku: 'MIX-1', name: 'Mixed', weightG: 100, lengthMm: 10, widthMm: 10, heightMm: 10, priceMinor: 100, currency: 'EUR' });
    const s = await adjustStock(ctx, SYSTEM_ACTOR, { hubId: w.hubs.north, sku: 'MIX-1', delta: 20, reason: 'test' });
    const place = (i: number) =>
      env().app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: bearer(w.keys.operator),
        payload: { customerId: w.customers.alice, addressId: w.addresses.aliceHome, window: futureWindow(), lines: [{ sku: 'MIX-1', quantity: 1 + (i % 3) }] },
      });
    const placed = (await Promise.all(Array.from({ length: 20 }, (_, i) => place(i)))).filter((r) => r.statusCode === 201).map((r) => r.json().id as string);
    // Write-offs race with cancellations and new orders.
    const ops = [
      ...placed.slice(0, 5).map((id) => env().app.inject({ method: 'POST', url: `/v1/orders/${id}/cancel`, headers: bearer(w.keys.operator), payload: {} })),
      ...Array.from({ length: 10 }, () =>
        env().app.inject({ method: 'POST', url: `/v1/hubs/${w.hubs.north}/stock/adjustments`, headers: bearer(w.keys.operator), payload: { sku: 'MIX-1', delta: -1, reason: 'breakage' } }),
      ),
      ...Array.from({ length: 10 }, (_, i) => place(i)),
    ];
    const res = await Promise.all(ops);
    for (const r of res) expect([200, 201, 409]).toContain(r.statusCode);
    const row = (await ctx.store.repos.stock.get(w.hubs.north, s.productId))!;
    expect(row.reserved).toBeGreaterThanOrEqual(0);
    expect(row.onHand).toBeGreaterThanOrEqual(row.reserved);
    // Books balance: reserved = sum of quantities of allocated orders holding MIX-1.
    const all = await ctx.store.repos.orders.list({ state: 'allocated' }, { limit: 1000 });
    let held = 0;
    for (const o of all.items) for (const l of await ctx.store.repos.orders.lines(o.id)) if (l.sku === 'MIX-1') held += l.quantity;
    expect(row.reserved).toBe(held);
    const writeOffs = res.slice(5, 15).filter((r) => r.statusCode === 200).length;
    expect(row.onHand).toBe(20 - writeOffs);
  });
});

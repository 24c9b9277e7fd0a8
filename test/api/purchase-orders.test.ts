// Replenishment and purchase orders through the HTTP API, on both back ends: reorder rules,
// automatic POs raised from the outbox relay, one open PO per hub/SKU, the supplier's own API,
// goods receipt raising stock, Idempotency-Key, and who may see and do what.
import { beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/domain/api-keys.js';
import { relayOutboxBatch } from '../../src/domain/outbox-relay.js';
import { bearer, futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

describeBackends('purchase orders and replenishment API', (env) => {
  let w: World;
  let otherSupplier: { id: string; key: string };
  beforeAll(async () => {
    w = await seedWorld(env());
    const res = await env().app.inject({ method: 'POST', url: '/v1/suppliers', headers: bearer(w.keys.operator), payload: { name: 'Other Co', leadTimeS: 3600 } });
    expect(res.statusCode).toBe(201);
    otherSupplier = { id: res.json().id, key: (await createApiKey(env().ctx, { role: 'supplier', subjectId: res.json().id })).key };
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, key: string, payload?: unknown, headers: Record<string, string> = {}) =>
    env().app.inject({ method, url, headers: { ...bearer(key), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const relayAll = async () => {
    while ((await relayOutboxBatch(env().ctx, 100)).events > 0);
  };
  const stockOf = async (hub: string, product: string) => env().store.repos.stock.get(hub, product);
  const order = (sku: string, quantity: number) =>
    call('POST', '/v1/orders', w.keys.alice, { addressId: w.addresses.aliceHome, lines: [{ sku, quantity }], window: futureWindow() });

  it('validates reorder rules: max must exceed min, unknown SKU/supplier are 422, a second rule for the same hub/SKU is 409', async () => {
    const base = { hubId: w.hubs.north, sku: 'KET-1', supplierId: w.ids.supplier, min: 4, max: 20, unitCostMinor: 2000 };
    const bad = await call('POST', '/v1/reorder-rules', w.keys.operator, { ...base, min: 20, max: 20 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    expect((await call('POST', '/v1/reorder-rules', w.keys.operator, { ...base, sku: 'NOPE' })).json().error.code).toBe('unknown_sku');
    expect((await call('POST', '/v1/reorder-rules', w.keys.operator, { ...base, supplierId: 'sup_missing' })).statusCode).toBe(422);
    const ok = await call('POST', '/v1/reorder-rules', w.keys.operator, base);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ min: 4, max: 20, productId: w.products.kettle, enabled: true });
    const dup = await call('POST', '/v1/reorder-rules', w.keys.operator, base);
    expect(dup.statusCode).toBe(409);
    const listed = await call('GET', `/v1/reorder-rules?hubId=${w.hubs.north}`, w.keys.operator);
    expect(listed.json().data.map((r: { id: string }) => r.id)).toContain(ok.json().id);
    expect((await call('GET', '/v1/reorder-rules', w.keys.supplier)).statusCode).toBe(403);
  });

  it('raises one PO for (max − projected) when available falls below min, sends it, and raises no second while it is open', async () => {
    // KET-1 at north: 5 on hand, rule min 4 / max 20. An order for 2 leaves 3 available < 4.
    expect((await order('KET-1', 2)).statusCode).toBe(201);
    await relayAll();
    const pos = (await call('GET', `/v1/purchase-orders?hubId=${w.hubs.north}`, w.keys.operator)).json().data;
    expect(pos).toHaveLength(1);
    const po = (await call('GET', `/v1/purchase-orders/${pos[0].id}`, w.keys.operator)).json();
    expect(po).toMatchObject({ state: 'sent', supplierId: w.ids.supplier, hubId: w.hubs.north, totalMinor: 17 * 2000 });
    expect(po.lines).toEqual([{ lineNo: 1, sku: 'KET-1', productId: w.products.kettle, quantity: 17, receivedQuantity: 0, unitCostMinor: 2000 }]);
    // "Goes to the supplier": the purchase_order.sent event names the supplier and carries the lines.
    const events = await env().store.repos.outbox.forAggregate(po.id);
    expect(events.map((e) => e.type)).toEqual(['purchase_order.draft', 'purchase_order.sent']);
    expect(events[1]!.payload).toMatchObject({ supplierId: w.ids.supplier, lines: [{ sku: 'KET-1', quantity: 17 }] });

    // Another order takes available to 2: the PO is still open, so nothing new.
    expect((await order('KET-1', 1)).statusCode).toBe(201);
    await relayAll();
    expect((await call('GET', `/v1/purchase-orders?hubId=${w.hubs.north}`, w.keys.operator)).json().data).toHaveLength(1);
    const run = await call('POST', '/v1/replenishment/run', w.keys.operator, { hubId: w.hubs.north });
    expect(run.statusCode).toBe(200);
    const d = run.json().decisions.find((x: { productId: string }) => x.productId === w.products.kettle);
    expect(d).toMatchObject({ available: 2, open: 17, projected: 19, outcome: 'po_open', purchaseOrderId: po.id });
  });

  it('lets the supplier confirm and ship its own PO, hides it from another supplier, and raises stock on receipt', async () => {
    const [po] = (await call('GET', '/v1/purchase-orders', w.keys.supplier)).json().data;
    expect(po.supplierId).toBe(w.ids.supplier);
    // Another supplier: not found, empty listing, cannot act.
    expect((await call('GET', `/v1/purchase-orders/${po.id}`, otherSupplier.key)).statusCode).toBe(404);
    expect((await call('GET', '/v1/purchase-orders', otherSupplier.key)).json().data).toEqual([]);
    expect((await call('POST', `/v1/purchase-orders/${po.id}/confirm`, otherSupplier.key, {})).statusCode).toBe(404);
    // Out-of-order steps are refused and change nothing.
    const early = await call('POST', `/v1/purchase-orders/${po.id}/ship`, w.keys.supplier, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'illegal_transition', details: { from: 'sent', to: 'shipped' } });
    const expectedAt = new Date(Date.now() + 2 * 86400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const confirmed = await call('POST', `/v1/purchase-orders/${po.id}/confirm`, w.keys.supplier, { expectedAt });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ state: 'confirmed', expectedAt });
    // The supplier may not record the goods receipt.
    expect((await call('POST', `/v1/purchase-orders/${po.id}/receive`, w.keys.supplier, {})).statusCode).toBe(403);
    expect((await call('POST', `/v1/purchase-orders/${po.id}/ship`, w.keys.supplier, {})).json().state).toBe('shipped');
    const before = await stockOf(w.hubs.north, w.products.kettle);
    const tooMany = await call('POST', `/v1/purchase-orders/${po.id}/receive`, w.keys.operator, { lines: [{ lineNo: 1, quantity: 18 }] });
    expect(tooMany.statusCode).toBe(400);
    expect((await stockOf(w.hubs.north, w.products.kettle))!.onHand).toBe(before!.onHand);
    const received = await call('POST', `/v1/purchase-orders/${po.id}/receive`, w.keys.operator, { lines: [{ lineNo: 1, quantity: 15 }] });
    expect(received.statusCode).toBe(200);
    expect(received.json()).toMatchObject({ state: 'received', lines: [{ quantity: 17, receivedQuantity: 15 }] });
    const after = await stockOf(w.hubs.north, w.products.kettle);
    expect(after!.onHand - before!.onHand).toBe(15);
    expect(after!.reserved).toBe(before!.reserved);
    const history = (await call('GET', `/v1/purchase-orders/${po.id}/events`, w.keys.supplier)).json().data;
    expect(history.map((e: { to: string }) => e.to)).toEqual(['draft', 'sent', 'confirmed', 'shipped', 'received']);
    // Received: nothing open any more; available 17 ≥ min 4, so the next check raises nothing.
    await relayAll();
    expect((await call('GET', `/v1/purchase-orders?hubId=${w.hubs.north}`, w.keys.operator)).json().data).toHaveLength(1);
  });

  it('creates a manual PO with Idempotency-Key: a repeat replays, another body with the key is 409, nothing doubles', async () => {
    const body = { supplierId: otherSupplier.id, hubId: w.hubs.south, lines: [{ sku: 'RARE-1', quantity: 5, unitCostMinor: 900 }] };
    const first = await call('POST', '/v1/purchase-orders', w.keys.operator, body, { 'idempotency-key': 'po-1' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ state: 'draft', totalMinor: 4500, currency: 'EUR' });
    const again = await call('POST', '/v1/purchase-orders', w.keys.operator, body, { 'idempotency-key': 'po-1' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const reused = await call('POST', '/v1/purchase-orders', w.keys.operator, { ...body, lines: [{ sku: 'RARE-1', quantity: 6, unitCostMinor: 900 }] }, { 'idempotency-key': 'po-1' });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('idempotency_key_reused');
    const listed = (await call('GET', `/v1/purchase-orders?supplierId=${otherSupplier.id}`, w.keys.operator)).json().data;
    expect(listed).toHaveLength(1);
    // A draft is invisible to nobody but unknown to other suppliers; it can be sent, then declined by its supplier.
    expect((await call('GET', `/v1/purchase-orders/${first.json().id}`, w.keys.supplier)).statusCode).toBe(404);
    expect((await call('POST', `/v1/purchase-orders/${first.json().id}/send`, w.keys.operator, {})).json().state).toBe('sent');
    const declined = await call('POST', `/v1/purchase-orders/${first.json().id}/cancel`, otherSupplier.key, { reason: 'out of stock' });
    expect(declined.json().state).toBe('cancelled');
    // Bad input: no cost and no rule to take it from; unknown SKU.
    const noCost = await call('POST', '/v1/purchase-orders', w.keys.operator, { supplierId: otherSupplier.id, hubId: w.hubs.south, lines: [{ sku: 'TEA-100', quantity: 1 }] });
    expect(noCost.statusCode).toBe(400);
    expect((await call('POST', '/v1/purchase-orders', w.keys.operator, { ...body, lines: [{ sku: 'X', quantity: 1, unitCostMinor: 1 }] })).json().error.code).toBe('unknown_sku');
  });

  it('admits each role only where it belongs', async () => {
    const [po] = (await call('GET', '/v1/purchase-orders', w.keys.operator)).json().data;
    const cases: Array<[string, 'GET' | 'POST', string, unknown, Record<'operator' | 'alice' | 'supplier' | 'device', number>]> = [
      ['list POs', 'GET', '/v1/purchase-orders', undefined, { operator: 200, alice: 403, supplier: 200, device: 403 }],
      ['get PO', 'GET', `/v1/purchase-orders/${po.id}`, undefined, { operator: 200, alice: 403, supplier: 200, device: 403 }],
      ['create PO', 'POST', '/v1/purchase-orders', { supplierId: w.ids.supplier, hubId: w.hubs.north, lines: [{ sku: 'TEA-100', quantity: 1, unitCostMinor: 1 }] }, { operator: 201, alice: 403, supplier: 403, device: 403 }],
      ['create supplier', 'POST', '/v1/suppliers', { name: 'S' }, { operator: 201, alice: 403, supplier: 403, device: 403 }],
      ['get own supplier', 'GET', `/v1/suppliers/${w.ids.supplier}`, undefined, { operator: 200, alice: 403, supplier: 200, device: 403 }],
      ['get other supplier', 'GET', `/v1/suppliers/${otherSupplier.id}`, undefined, { operator: 200, alice: 403, supplier: 404, device: 403 }],
      ['run replenishment', 'POST', '/v1/replenishment/run', {}, { operator: 200, alice: 403, supplier: 403, device: 403 }],
    ];
    for (const [label, method, url, body, expected] of cases) {
      for (const who of ['operator', 'alice', 'supplier', 'device'] as const) {
        const res = await call(method, url, w.keys[who], body);
        expect(`${label} as ${who}: ${res.statusCode}`).toBe(`${label} as ${who}: ${expected[who]}`);
      }
    }
  });
});

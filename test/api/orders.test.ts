// Order intake and lifecycle through the HTTP API, on both back ends.
import { beforeAll, expect, it } from 'vitest';
import { bearer, futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends, type TestEnv } from '../service/harness.js';

async function snapshot(env: TestEnv, w: World) {
  const r = env.store.repos;
  const stock = await Promise.all(
    [
      [w.hubs.north, w.products.tea],
      [w.hubs.north, w.products.kettle],
      [w.hubs.south, w.products.tea],
      [w.hubs.south, w.products.rare],
    ].map(async ([h, p]) => r.stock.get(h!, p!)),
  );
  return { orders: await r.orders.count(), stock: stock.map((s) => [s?.onHand, s?.reserved]) };
}

describeBackends('orders API', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });

  const post = (url: string, key: string, payload: unknown, headers: Record<string, string> = {}) =>
    env().app.inject({ method: 'POST', url, headers: { ...bearer(key), ...headers }, payload: payload as object });
  const get = (url: string, key: string) => env().app.inject({ method: 'GET', url, headers: bearer(key) });

  const orderBody = (over: Record<string, unknown> = {}) => ({
    customerId: w.customers.alice,
    addressId: w.addresses.aliceHome,
    lines: [{ sku: 'TEA-100', quantity: 2 }, { sku: 'KET-1', quantity: 1 }],
    window: futureWindow(),
    ...over,
  });

  it('places an order at the nearest hub, reserves its stock, records events and an outbox entry', async () => {
    const before = await env().store.repos.stock.get(w.hubs.north, w.products.tea);
    const res = await post('/v1/orders', w.keys.operator, orderBody(), { 'idempotency-key': 'k-place-1' });
    expect(res.statusCode).toBe(201);
    const order = res.json();
    expect(order.id).toMatch(/^ord_[0-9A-Z]{26}$/);
    expect(order.state).toBe('allocated');
    expect(order.hubId).toBe(w.hubs.north);
    expect(order.totalMinor).toBe(2 * 650 + 3999);
    expect(order.weightG).toBe(2 * 120 + 1400);
    expect(order.lines.map((l: { sku: string }) => l.sku)).toEqual(['TEA-100', 'KET-1']);
    expect(res.headers.location).toBe(`/v1/orders/${order.id}`);
    const after = await env().store.repos.stock.get(w.hubs.north, w.products.tea);
    expect(after!.reserved - before!.reserved).toBe(2);
    expect(after!.onHand).toBe(before!.onHand);

    const read = await get(`/v1/orders/${order.id}`, w.keys.alice);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(order);

    const events = await get(`/v1/orders/${order.id}/events`, w.keys.alice);
    expect(events.statusCode).toBe(200);
    expect(events.json().data.map((e: { from: string | null; to: string }) => [e.from, e.to])).toEqual([
      [null, 'placed'],
      ['placed', 'allocated'],
    ]);
    const outbox = await env().store.repos.outbox.forAggregate(order.id);
    expect(outbox.map((o) => o.type)).toEqual(['order.allocated']);
  });

  it('replays the first answer for a repeated Idempotency-Key and refuses the key with another body', async () => {
    const body = orderBody({ lines: [{ sku: 'TEA-100', quantity: 1 }] });
    const first = await post('/v1/orders', w.keys.alice, body, { 'idempotency-key': 'k-idem' });
    expect(first.statusCode).toBe(201);
    const snap = await snapshot(env(), w);
    // Same body with keys in another order: same request.
    const reordered = { window: body.window, lines: body.lines, addressId: body.addressId, customerId: body.customerId };
    const again = await post('/v1/orders', w.keys.alice, reordered, { 'idempotency-key': 'k-idem' });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    const reused = await post('/v1/orders', w.keys.alice, { ...body, lines: [{ sku: 'TEA-100', quantity: 3 }] }, { 'idempotency-key': 'k-idem' });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('idempotency_key_reused');
    expect(await snapshot(env(), w)).toEqual(snap);
  });

  it('treats concurrent repeats of one Idempotency-Key as one order', async () => {
    const before = await env().store.repos.orders.count();
    const body = orderBody({ lines: [{ sku: 'TEA-100', quantity: 1 }] });
    const answers = await Promise.all(Array.from({ length: 8 }, () => post('/v1/orders', w.keys.operator, body, { 'idempotency-key': 'k-race' })));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(await env().store.repos.orders.count()).toBe(before + 1);
  });

  const failures: Array<[string, () => Record<string, unknown>, number, string]> = [
    ['unknown SKU', () => orderBody({ lines: [{ sku: 'NOPE', quantity: 1 }] }), 422, 'unknown_sku'],
    ['too much', () => orderBody({ lines: [{ sku: 'KET-1', quantity: 999 }] }), 409, 'stock_insufficient'],
    // Kettles are only at the north hub, mugs only at the south one: no single hub serves both.
    ['no hub has every line', () => orderBody({ lines: [{ sku: 'KET-1', quantity: 1 }, { sku: 'RARE-1', quantity: 1 }] }), 409, 'stock_insufficient'],
    ['outside every area', () => orderBody({ addressId: w.addresses.farAway }), 422, 'address_unserviceable'],
    ['someone else’s address', () => orderBody({ addressId: w.addresses.bobHome }), 422, 'unknown_address'],
    ['unknown customer', () => orderBody({ customerId: 'cus_00000000000000000000000000' }), 422, 'unknown_customer'],
    ['window in the past', () => orderBody({ window: { start: '2020-01-01T10:00:00Z', end: '2020-01-01T12:00:00Z' } }), 422, 'invalid_window'],
    ['missing lines', () => { const b = orderBody(); delete (b as { lines?: unknown }).lines; return b; }, 400, 'validation_failed'],
    ['zero quantity', () => orderBody({ lines: [{ sku: 'TEA-100', quantity: 0 }] }), 400, 'validation_failed'],
    ['unknown field', () => orderBody({ coupon: 'FREE' }), 400, 'validation_failed'],
  ];
  for (const [name, body, status, code] of failures) {
    it(`refuses ${name} with ${status} ${code} and changes nothing`, async () => {
      const snap = await snapshot(env(), w);
      const res = await post('/v1/orders', w.keys.operator, body(), { 'idempotency-key': `k-fail-${code}-${name}` });
      expect(res.statusCode).toBe(status);
      const err = res.json().error;
      expect(err.code).toBe(code);
      expect(typeof err.message).toBe('string');
      expect(err.details).toBeTypeOf('object');
      expect(await snapshot(env(), w)).toEqual(snap);
    });
  }

  it('names the failing path in validation errors', async () => {
    const res = await post('/v1/orders', w.keys.operator, orderBody({ lines: [{ sku: 'TEA-100', quantity: -1 }] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.path).toBe('/lines/0/quantity');
  });

  it('answers bad JSON with 400 invalid_json', async () => {
    const res = await env().app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { ...bearer(w.keys.operator), 'content-type': 'application/json' },
      payload: '{"lines": [',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_json');
  });

  it('walks the lifecycle with its stock effects and refuses illegal transitions', async () => {
    const created = (await post('/v1/orders', w.keys.operator, orderBody({ lines: [{ sku: 'KET-1', quantity: 1 }] }))).json();
    const stockNow = () => env().store.repos.stock.get(w.hubs.north, w.products.kettle);
    const s0 = (await stockNow())!;
    const to = (state: string) => post(`/v1/orders/${created.id}/transitions`, w.keys.operator, { to: state });

    const illegal = await to('delivered');
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().error).toMatchObject({ code: 'illegal_transition', details: { from: 'allocated', to: 'delivered' } });

    expect((await to('ready')).json().state).toBe('ready');
    expect((await to('dispatched')).json().state).toBe('dispatched');
    const s1 = (await stockNow())!;
    expect([s1.onHand, s1.reserved]).toEqual([s0.onHand - 1, s0.reserved - 1]); // goods left the hub
    expect((await to('failed')).json().state).toBe('failed');
    expect((await to('returned')).json().state).toBe('returned');
    const s2 = (await stockNow())!;
    expect([s2.onHand, s2.reserved]).toEqual([s0.onHand, s0.reserved - 1]); // back on the shelf
    const cancelLate = await post(`/v1/orders/${created.id}/cancel`, w.keys.operator, {});
    expect(cancelLate.statusCode).toBe(409);

    const events = (await get(`/v1/orders/${created.id}/events`, w.keys.operator)).json().data;
    expect(events.map((e: { to: string }) => e.to)).toEqual(['placed', 'allocated', 'ready', 'dispatched', 'failed', 'returned']);
    expect(events[2].actor).toMatch(/^operator via key_/);
  });

  it('falls through to a farther hub in range when the nearest lacks a line', async () => {
    const res = await post('/v1/orders', w.keys.operator, orderBody({ lines: [{ sku: 'RARE-1', quantity: 1 }] }));
    expect(res.statusCode).toBe(201);
    expect(res.json().hubId).toBe(w.hubs.south);
    expect((await post(`/v1/orders/${res.json().id}/cancel`, w.keys.operator, {})).statusCode).toBe(200);
  });

  it('cancelling releases reserved stock; a customer may cancel their own order only', async () => {
    const created = (await post('/v1/orders', w.keys.alice, orderBody({ customerId: undefined, lines: [{ sku: 'TEA-100', quantity: 4 }] }))).json();
    expect(created.customerId).toBe(w.customers.alice);
    const before = (await env().store.repos.stock.get(w.hubs.north, w.products.tea))!;
    const bobTry = await post(`/v1/orders/${created.id}/cancel`, w.keys.bob, {});
    expect(bobTry.statusCode).toBe(404);
    const custTransition = await post(`/v1/orders/${created.id}/transitions`, w.keys.alice, { to: 'ready' });
    expect(custTransition.statusCode).toBe(403);
    const res = await post(`/v1/orders/${created.id}/cancel`, w.keys.alice, { reason: 'changed my mind' });
    expect(res.statusCode).toBe(200);
    expect(res.json().state).toBe('cancelled');
    const after = (await env().store.repos.stock.get(w.hubs.north, w.products.tea))!;
    expect(before.reserved - after.reserved).toBe(4);
    expect(after.onHand).toBe(before.onHand);
    const again = await post(`/v1/orders/${created.id}/cancel`, w.keys.alice, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('illegal_transition');
  });

  it('lists orders with filters and cursor pagination; customers see only their own', async () => {
    // Bob orders from the south hub.
    for (let i = 0; i < 3; i++) {
      const r = await post('/v1/orders', w.keys.bob, { addressId: w.addresses.bobHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: futureWindow() });
      expect(r.statusCode).toBe(201);
      expect(r.json().hubId).toBe(w.hubs.south);
    }
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/v1/orders?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await get(q, w.keys.operator)).json();
      expect(page.data.length).toBeLessThanOrEqual(2);
      all.push(...page.data.map((o: { id: string }) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toEqual([...all].sort());
    expect(all.length).toBe(await env().store.repos.orders.count());

    const south = (await get(`/v1/orders?hubId=${w.hubs.south}&state=allocated&limit=200`, w.keys.operator)).json().data;
    expect(south.length).toBe(3);
    const cancelled = (await get('/v1/orders?state=cancelled&limit=200', w.keys.operator)).json().data;
    expect(cancelled.every((o: { state: string }) => o.state === 'cancelled')).toBe(true);
    expect(cancelled.length).toBeGreaterThan(0);
    const bobs = (await get('/v1/orders?limit=200', w.keys.bob)).json().data;
    expect(bobs.length).toBe(3);
    expect(bobs.every((o: { customerId: string }) => o.customerId === w.customers.bob)).toBe(true);
    const sneaky = (await get(`/v1/orders?customerId=${w.customers.alice}`, w.keys.bob)).json().data;
    expect(sneaky).toEqual([]);
    const bad = await get('/v1/orders?cursor=garbage', w.keys.operator);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_cursor');
  });

  it('answers 404 not_found for an unknown order', async () => {
    const res = await get('/v1/orders/ord_00000000000000000000000000', w.keys.operator);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});

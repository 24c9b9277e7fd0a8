// Server-Sent Events over a real socket, on both back ends: the per-order stream (history, then
// live events, resume with Last-Event-ID, only for the order's customer or an operator) and the
// operator stream (from the present, filtered by type).
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { bearer, futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

interface SseEvent {
  id: string;
  event: string;
  data: { id: string; type: string; data: Record<string, unknown> };
}

/** A minimal SSE client on fetch: collects events until closed. */
async function openStream(url: string, headers: Record<string, string>) {
  const ctrl = new AbortController();
  const res = await fetch(url, { headers, signal: ctrl.signal });
  const events: SseEvent[] = [];
  let done: Promise<void> = Promise.resolve();
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    done = (async () => {
      let buf = '';
      try {
        for (;;) {
          const { value, done: end } = await reader.read();
          if (end) return;
          buf += value;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const fields = Object.fromEntries(block.split('\n').filter((l) => l && !l.startsWith(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
            if (fields.data) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  const waitFor = async (pred: (e: SseEvent[]) => boolean, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!pred(events) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return events;
  };
  return { res, events, waitFor, close: async () => { ctrl.abort(); await done; } };
}

describeBackends('SSE streams', (env) => {
  let w: World;
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    w = await seedWorld(env());
    app = await buildApp({ ctx: env().ctx });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => app?.close());

  const post = (url: string, key: string, payload: unknown) => env().app.inject({ method: 'POST', url, headers: bearer(key), payload: payload as object });
  const placeAliceOrder = async () => {
    const res = await post('/v1/orders', w.keys.alice, { addressId: w.addresses.aliceHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: futureWindow() });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };

  it('streams an order’s history and then its live events to its customer, and resumes after Last-Event-ID', async () => {
    const orderId = await placeAliceOrder();
    const other = await placeAliceOrder(); // events of another order must not appear
    const s = await openStream(`${base}/v1/orders/${orderId}/events/stream`, bearer(w.keys.alice));
    expect(s.res.status).toBe(200);
    expect(s.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await s.waitFor((e) => e.length >= 1);
    expect(s.events.map((e) => e.event)).toEqual(['order.allocated']);
    expect((await post(`/v1/orders/${other}/cancel`, w.keys.alice, {})).statusCode).toBe(200);
    expect((await post(`/v1/orders/${orderId}/cancel`, w.keys.alice, {})).statusCode).toBe(200);
    await s.waitFor((e) => e.length >= 2);
    await new Promise((r) => setTimeout(r, 600));
    await s.close();
    expect(s.events.map((e) => [e.event, e.data.data.orderId])).toEqual([
      ['order.allocated', orderId],
      ['order.cancelled', orderId],
    ]);
    expect(Number(s.events[1]!.id)).toBeGreaterThan(Number(s.events[0]!.id));

    const resumed = await openStream(`${base}/v1/orders/${orderId}/events/stream`, { ...bearer(w.keys.alice), 'last-event-id': s.events[0]!.id });
    await resumed.waitFor((e) => e.length >= 1);
    await new Promise((r) => setTimeout(r, 400));
    await resumed.close();
    expect(resumed.events.map((e) => e.event)).toEqual(['order.cancelled']);
  });

  it('documents the streams and the other second-half endpoints in the OpenAPI document', async () => {
    const doc = (await env().app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of ['/v1/stream', '/v1/orders/{id}/events/stream', '/v1/purchase-orders', '/v1/purchase-orders/{id}/confirm', '/v1/reorder-rules', '/v1/suppliers', '/v1/replenishment/run', '/v1/webhooks', '/v1/webhooks/{id}/deliveries', '/v1/devices', '/v1/access-grants/{id}/use', '/v1/orders/{id}/access-grants']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.paths['/v1/stream'].get.responses['200'].content)).toEqual(['text/event-stream']);
  });

  it('ends open streams when the server closes', async () => {
    const own = await buildApp({ ctx: env().ctx });
    await own.listen({ port: 0, host: '127.0.0.1' });
    const s = await openStream(`http://127.0.0.1:${(own.server.address() as AddressInfo).port}/v1/stream`, bearer(w.keys.operator));
    expect(s.res.status).toBe(200);
    const t0 = Date.now();
    await own.close();
    expect(Date.now() - t0).toBeLessThan(5000);
    await s.close();
  });

  it('refuses other customers (404), other roles (403) and a malformed Last-Event-ID (400)', async () => {
    const orderId = await placeAliceOrder();
    const bob = await openStream(`${base}/v1/orders/${orderId}/events/stream`, bearer(w.keys.bob));
    expect(bob.res.status).toBe(404);
    expect(((await bob.res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const sup = await openStream(`${base}/v1/orders/${orderId}/events/stream`, bearer(w.keys.supplier));
    expect(sup.res.status).toBe(403);
    const noKey = await openStream(`${base}/v1/stream`, {});
    expect(noKey.res.status).toBe(401);
    const cust = await openStream(`${base}/v1/stream`, bearer(w.keys.alice));
    expect(cust.res.status).toBe(403);
    const bad = await openStream(`${base}/v1/orders/${orderId}/events/stream`, { ...bearer(w.keys.alice), 'last-event-id': 'abc' });
    expect(bad.res.status).toBe(400);
    await Promise.all([bob, sup, noKey, cust, bad].map((s) => s.close()));
  });

  it('gives operators every new event from the present, optionally filtered by type', async () => {
    const before = await placeAliceOrder();
    const all = await openStream(`${base}/v1/stream`, bearer(w.keys.operator));
    const stockOnly = await openStream(`${base}/v1/stream?types=stock.*`, bearer(w.keys.operator));
    expect(all.res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 400));
    const orderId = await placeAliceOrder();
    const adj = await post(`/v1/hubs/${w.hubs.south}/stock/adjustments`, w.keys.operator, { sku: 'RARE-1', delta: 1, reason: 'count' });
    expect(adj.statusCode).toBe(200);
    await all.waitFor((e) => e.some((x) => x.event === 'stock.adjusted'));
    await stockOnly.waitFor((e) => e.length >= 1);
    await Promise.all([all.close(), stockOnly.close()]);
    const types = all.events.map((e) => [e.event, e.data.data.orderId ?? null]);
    expect(types).toContainEqual(['order.allocated', orderId]);
    expect(types).not.toContainEqual(['order.allocated', before]);
    expect(stockOnly.events.map((e) => e.event)).toEqual(['stock.adjusted']);
  });
});

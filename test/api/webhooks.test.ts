// Webhooks end to end with a real HTTP receiver on 127.0.0.1, on both back ends: signature
// (checked with the documented snippet, not our own verifier), retries with backoff after 500s,
// every attempt stored and listed, nothing sent again after a 2xx, dead after the last attempt,
// customers receiving only their own events, and delivery surviving a dispatcher restart.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebhookDispatcher } from '../../src/api/webhook-dispatcher.js';
import { claimDueDeliveries } from '../../src/domain/webhook-deliveries.js';
import { verifySignature } from '../../src/domain/webhook-signature.js';
import { bearer, futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver answering each path from a script of status codes (then 200), recording every request. */
async function startReceiver() {
  const received: Received[] = [];
  const scripts = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      const status = scripts.get(req.url ?? '')?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'boom');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { received, scripts, base, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The verification snippet from the README, verbatim in spirit: HMAC over `${t}.${rawBody}`. */
function readmeVerify(secret: string, rawBody: string, header: string, toleranceS = 300, nowS = Math.floor(Date.now() / 1000)): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=')));
  const expected = createHmac('sha256', secret).update(`${parts.t}.${rawBody}`).digest('hex');
  const ok = expected.length === parts.v1?.length && timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1));
  return ok && Math.abs(nowS - Number(parts.t)) <= toleranceS;
}

// The receivers below listen on 127.0.0.1, which the URL guard refuses unless allowed.
process.env.RELAIS_ALLOW_PRIVATE_WEBHOOKS = '1';

let clockMs = Date.UTC(2026, 10, 27, 9, 0, 0);
const nowS = () => Math.floor(clockMs / 1000);

describeBackends(
  'webhooks',
  (env) => {
    let w: World;
    let rx: Awaited<ReturnType<typeof startReceiver>>;
    const dispatcher = (opts: ConstructorParameters<typeof WebhookDispatcher>[1] = {}) =>
      new WebhookDispatcher(env().ctx, { random: () => 0.5, onError: (e) => { throw e; }, sweepEveryS: 1e9, ...opts });
    beforeAll(async () => {
      w = await seedWorld(env());
      rx = await startReceiver();
    });
    afterAll(async () => rx?.close());

    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, key: string, payload?: unknown) =>
      env().app.inject({ method, url, headers: bearer(key), ...(payload === undefined ? {} : { payload: payload as object }) });
    const subscribe = async (key: string, path: string, eventTypes: string[]) => {
      const res = await call('POST', '/v1/webhooks', key, { url: `${rx.base}${path}`, eventTypes });
      expect(res.statusCode).toBe(201);
      return res.json() as { id: string; secret: string };
    };
    const placeAliceOrder = async () => {
      const res = await call('POST', '/v1/orders', w.keys.alice, { addressId: w.addresses.aliceHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: futureWindow(clockMs) });
      expect(res.statusCode).toBe(201);
      return res.json().id as string;
    };

    it('validates subscriptions and keeps them to their owners', async () => {
      expect((await call('POST', '/v1/webhooks', w.keys.operator, { url: 'ftp://x.example/hook', eventTypes: ['*'] })).statusCode).toBe(400);
      const badType = await call('POST', '/v1/webhooks', w.keys.operator, { url: 'https://x.example/hook', eventTypes: ['Order!'] });
      expect(badType.statusCode).toBe(400);
      expect(badType.json().error.details.path).toBe('/eventTypes');
      expect((await call('POST', '/v1/webhooks', w.keys.device, { url: 'https://x.example/h', eventTypes: ['*'] })).statusCode).toBe(403);
      const sup = await subscribe(w.keys.supplier, '/supplier', ['purchase_order.*']);
      expect(sup.secret).toMatch(/^whsec_/);
      expect((await call('GET', `/v1/webhooks/${sup.id}`, w.keys.supplier)).json()).not.toHaveProperty('secret');
      expect((await call('GET', `/v1/webhooks/${sup.id}`, w.keys.alice)).statusCode).toBe(404);
      expect((await call('GET', `/v1/webhooks/${sup.id}/deliveries`, w.keys.bob)).statusCode).toBe(404);
      expect((await call('GET', '/v1/webhooks', w.keys.alice)).json().data).toEqual([]);
      expect((await call('GET', '/v1/webhooks', w.keys.operator)).json().data.map((s: { id: string }) => s.id)).toContain(sup.id);
      expect((await call('DELETE', `/v1/webhooks/${sup.id}`, w.keys.supplier)).statusCode).toBe(204);
      expect((await call('GET', `/v1/webhooks/${sup.id}`, w.keys.supplier)).json().active).toBe(false);
    });

    it('signs every delivery, retries 500s with backoff, records every attempt, and stops after the 2xx', async () => {
      const ops = await subscribe(w.keys.operator, '/ops', ['order.*']);
      rx.scripts.set('/ops', [500, 500]);
      const d = dispatcher();
      const orderId = await placeAliceOrder();

      const t1 = await d.tick();
      expect(t1).toMatchObject({ attempted: 1, delivered: 0, failed: 1 });
      expect(rx.received.filter((r) => r.path === '/ops')).toHaveLength(1);
      // Not due yet: 30 s × 2^0 (jitter 0 with random 0.5).
      await d.tick();
      expect(rx.received.filter((r) => r.path === '/ops')).toHaveLength(1);
      clockMs += 29_000;
      await d.tick();
      expect(rx.received.filter((r) => r.path === '/ops')).toHaveLength(1);
      clockMs += 2_000;
      expect((await d.tick()).failed).toBe(1); // second 500
      clockMs += 59_000; // second delay is 60 s
      expect((await d.tick()).attempted).toBe(0);
      clockMs += 2_000;
      expect((await d.tick()).delivered).toBe(1);

      const got = rx.received.filter((r) => r.path === '/ops');
      expect(got).toHaveLength(3);
      for (const r of got) {
        const header = String(r.headers['relais-signature']);
        expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
        expect(readmeVerify(ops.secret, r.body, header, 300, nowS())).toBe(true);
        expect(verifySignature(ops.secret, r.body, header, nowS()).ok).toBe(true);
        // A tampered body or another secret fails.
        expect(readmeVerify(ops.secret, r.body.replace('allocated', 'delivered'), header, 300, nowS())).toBe(false);
        expect(readmeVerify('whsec_other', r.body, header, 300, nowS())).toBe(false);
        const event = JSON.parse(r.body);
        expect(event).toMatchObject({ type: 'order.allocated', data: { orderId, customerId: w.customers.alice } });
        expect(r.headers['relais-event-id']).toBe(event.id);
      }
      expect(got.map((r) => r.headers['relais-attempt'])).toEqual(['1', '2', '3']);

      const deliveries = (await call('GET', `/v1/webhooks/${ops.id}/deliveries`, w.keys.operator)).json().data;
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({ eventType: 'order.allocated', state: 'delivered', attempts: 3, nextAttemptAt: null });
      expect(deliveries[0].attemptLog.map((a: { attemptNo: number; statusCode: number; error: string | null }) => [a.attemptNo, a.statusCode, a.error])).toEqual([
        [1, 500, 'HTTP 500'],
        [2, 500, 'HTTP 500'],
        [3, 200, null],
      ]);
      for (const a of deliveries[0].attemptLog) expect(a.durationMs).toBeGreaterThanOrEqual(0);

      // Much later, nothing is sent again.
      clockMs += 86_400_000;
      await d.tick();
      expect(rx.received.filter((r) => r.path === '/ops')).toHaveLength(3);
      await call('DELETE', `/v1/webhooks/${ops.id}`, w.keys.operator);
    });

    it('gives up after the last attempt (dead), recording connection errors without a status code', async () => {
      const closed = await startReceiver();
      await closed.close(); // nothing listens on this port any more
      const res = await call('POST', '/v1/webhooks', w.keys.operator, { url: `${closed.base}/gone`, eventTypes: ['order.cancelled'] });
      const sub = res.json();
      const d = dispatcher({ backoff: { baseDelayS: 10, maxDelayS: 3600, jitter: 0, maxAttempts: 3 } });
      const orderId = await placeAliceOrder();
      expect((await call('POST', `/v1/orders/${orderId}/cancel`, w.keys.alice, {})).statusCode).toBe(200);
      for (let i = 0; i < 4; i++) {
        await d.tick();
        clockMs += 60_000;
      }
      const [delivery] = (await call('GET', `/v1/webhooks/${sub.id}/deliveries`, w.keys.operator)).json().data;
      expect(delivery).toMatchObject({ eventType: 'order.cancelled', state: 'dead', attempts: 3 });
      expect(delivery.attemptLog).toHaveLength(3);
      for (const a of delivery.attemptLog) {
        expect(a.statusCode).toBeNull();
        expect(a.error).toMatch(/fetch failed|ECONNREFUSED/);
      }
      await call('DELETE', `/v1/webhooks/${sub.id}`, w.keys.operator);
    });

    it('drops pending deliveries of a deactivated subscription without calling it', async () => {
      const sub = await subscribe(w.keys.operator, '/paused', ['order.allocated']);
      rx.scripts.set('/paused', [503]);
      const d = dispatcher();
      await placeAliceOrder();
      expect((await d.tick()).failed).toBe(1);
      expect((await call('PATCH', `/v1/webhooks/${sub.id}`, w.keys.operator, { active: false })).json().active).toBe(false);
      clockMs += 3_600_000;
      await d.tick();
      expect(rx.received.filter((r) => r.path === '/paused')).toHaveLength(1);
      const [delivery] = (await call('GET', `/v1/webhooks/${sub.id}/deliveries`, w.keys.operator)).json().data;
      expect(delivery).toMatchObject({ state: 'dead', attempts: 1 });
      expect(delivery.attemptLog).toHaveLength(1);
    });

    it('sends a customer only the events of their own orders', async () => {
      const alice = await subscribe(w.keys.alice, '/alice', ['order.*']);
      const bob = await subscribe(w.keys.bob, '/bob', ['*']);
      expect((await call('GET', '/v1/webhooks', w.keys.alice)).json().data.map((s: { id: string }) => s.id)).toEqual([alice.id]);
      const orderId = await placeAliceOrder();
      await dispatcher().tick();
      const toAlice = rx.received.filter((r) => r.path === '/alice').map((r) => JSON.parse(r.body));
      expect(toAlice.map((e) => [e.type, e.data.orderId])).toEqual([['order.allocated', orderId]]);
      expect(rx.received.filter((r) => r.path === '/bob')).toEqual([]);
      await call('DELETE', `/v1/webhooks/${alice.id}`, w.keys.alice);
      await call('DELETE', `/v1/webhooks/${bob.id}`, w.keys.bob);
    });

    it('loses nothing across a restart: a dispatcher that died mid-delivery is taken over after its lease', async () => {
      const sub = await subscribe(w.keys.operator, '/restart', ['order.allocated']);
      const orderA = await placeAliceOrder();
      // Dispatcher 1 relays and claims the delivery, then "dies" before sending it.
      const first = dispatcher({ leaseS: 60 });
      const claimed = await (async () => {
        const { relayOutboxBatch } = await import('../../src/domain/outbox-relay.js');
        await relayOutboxBatch(env().ctx, 100);
        return claimDueDeliveries(env().ctx, first.opts.leaseS, 100);
      })();
      expect(claimed.map((c) => c.delivery.subscriptionId)).toEqual([sub.id]);
      // An event committed while no dispatcher runs.
      const orderB = await placeAliceOrder();
      // Dispatcher 2 starts: sends B at once; A is still leased to the dead one.
      const second = dispatcher({ leaseS: 60 });
      await second.tick();
      const seen = () => rx.received.filter((r) => r.path === '/restart').map((r) => JSON.parse(r.body).data.orderId);
      expect(seen()).toEqual([orderB]);
      clockMs += 61_000;
      await second.tick();
      expect(seen()).toEqual([orderB, orderA]);
      clockMs += 3_600_000;
      await second.tick();
      expect(seen()).toEqual([orderB, orderA]);
      const deliveries = (await call('GET', `/v1/webhooks/${sub.id}/deliveries`, w.keys.operator)).json().data;
      expect(deliveries.map((d: { state: string; attempts: number }) => [d.state, d.attempts])).toEqual([
        ['delivered', 1],
        ['delivered', 1],
      ]);
    });

    it('starts with the server (onListen) and stops with it', async () => {
      const sub = await subscribe(w.keys.operator, '/live', ['order.allocated']);
      const { buildApp } = await import('../../src/api/app.js');
      const app = await buildApp({ ctx: env().ctx });
      await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const orderId = await placeAliceOrder();
        const deadline = Date.now() + 15_000;
        while (!rx.received.some((r) => r.path === '/live') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        expect(rx.received.filter((r) => r.path === '/live').map((r) => JSON.parse(r.body).data.orderId)).toEqual([orderId]);
      } finally {
        await app.close();
      }
      await call('DELETE', `/v1/webhooks/${sub.id}`, w.keys.operator);
    });
  },
  { nowMs: () => clockMs },
);

// The tracking link and the public tracking view (GET /v1/orders/{id}/tracking-link,
// GET /v1/track/{orderId}?t=), and the web routes serving the built pages.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerWebRoutes } from '../../src/api/routes/web.js';
import { TrackingTokens } from '../../src/api/tracking-token.js';
import { describeBackends } from '../service/harness.js';
import { parseSseChunk, type SseEvent } from '../../web/src/shared/sse.js';
import { bearer, futureWindow, seedWorld, type World } from '../service/fixtures.js';

describe('tracking tokens', () => {
  it('are deterministic per order and secret, and differ across orders and secrets', () => {
    const a = TrackingTokens.withSecret('a'.repeat(40));
    const b = TrackingTokens.withSecret('b'.repeat(40));
    expect(a.tokenFor('ord_1')).toBe(a.tokenFor('ord_1'));
    expect(a.tokenFor('ord_1')).not.toBe(a.tokenFor('ord_2'));
    expect(a.tokenFor('ord_1')).not.toBe(b.tokenFor('ord_1'));
    expect(a.tokenFor('ord_1')).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 bits, base64url
    expect(a.verify('ord_1', a.tokenFor('ord_1'))).toBe(true);
    expect(a.verify('ord_2', a.tokenFor('ord_1'))).toBe(false);
    expect(a.verify('ord_1', b.tokenFor('ord_1'))).toBe(false);
    expect(a.verify('ord_1', `${a.tokenFor('ord_1')}x`)).toBe(false);
    expect(a.verify('ord_1', '')).toBe(false);
  });

  it('take the secret from RELAIS_TRACKING_SECRET, refuse a short one, and draw one otherwise', () => {
    const fixed = TrackingTokens.fromEnv({ RELAIS_TRACKING_SECRET: 's'.repeat(32) });
    expect(fixed.ephemeral).toBe(false);
    expect(fixed.tokenFor('ord_1')).toBe(TrackingTokens.withSecret('s'.repeat(32)).tokenFor('ord_1'));
    expect(() => TrackingTokens.fromEnv({ RELAIS_TRACKING_SECRET: 'short' })).toThrow(/at least 32/);
    const drawn = TrackingTokens.fromEnv({});
    expect(drawn.ephemeral).toBe(true);
    expect(drawn.tokenFor('ord_1')).not.toBe(TrackingTokens.fromEnv({}).tokenFor('ord_1'));
  });
});

describe('web routes', () => {
  it('answer 503 web_not_built when the pages are not built, and never serve files outside the web folder', async () => {
    const app = Fastify();
    registerWebRoutes(app, { ctx: undefined as never }, '/nonexistent/relais-web');
    const page = await app.inject({ method: 'GET', url: '/console' });
    expect(page.statusCode).toBe(503);
    expect(page.json().error.code).toBe('web_not_built');
    for (const url of ['/web/../package.json', '/web/%2e%2e/%2e%2e/etc/passwd', '/web/']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
    }
    await app.close();
  });
});

describeBackends('tracking link and public view', (env) => {
  let w: World;
  let orderId = '';

  const place = async (key: string, customerId: string, addressId: string) => {
    const res = await env().app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: bearer(key),
      payload: { customerId, addressId, lines: [{ sku: 'TEA-100', quantity: 1 }], window: futureWindow() },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const link = (id: string, key?: string) =>
    env().app.inject({ method: 'GET', url: `/v1/orders/${id}/tracking-link`, headers: key ? bearer(key) : {} });

  it('gives the operator and the order’s customer the same link, and nobody else', async () => {
    w = await seedWorld(env());
    orderId = await place(w.keys.operator, w.customers.alice, w.addresses.aliceHome);
    expect((await link(orderId)).statusCode).toBe(401);
    const op = await link(orderId, w.keys.operator);
    expect(op.statusCode).toBe(200);
    const body = op.json();
    expect(body.path).toBe(`/track/${orderId}?t=${body.token}`);
    expect(body.url).toMatch(new RegExp(`^http://[^/]+/track/${orderId}\\?t=`));
    const alice = await link(orderId, w.keys.alice);
    expect(alice.statusCode).toBe(200);
    expect(alice.json().token).toBe(body.token);
    const bob = await link(orderId, w.keys.bob);
    expect(bob.statusCode).toBe(404);
    expect(bob.json().error.code).toBe('not_found');
    expect((await link(orderId, w.keys.supplier)).statusCode).toBe(403);
  });

  it('shows the public view to the link holder without an API key, and nothing more than the view', async () => {
    const token = (await link(orderId, w.keys.operator)).json().token as string;
    const res = await env().app.inject({ method: 'GET', url: `/v1/track/${orderId}?t=${token}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const v = res.json();
    expect(Object.keys(v).sort()).toEqual(['access', 'asOf', 'destination', 'dropoff', 'eta', 'events', 'orderId', 'proofOfDelivery', 'stage', 'state', 'updatedAt', 'vehicle', 'window'].sort());
    expect(v).toMatchObject({ orderId, state: 'allocated', stage: 'received', eta: null, vehicle: null, access: null, proofOfDelivery: null });
    expect(v.dropoff).toEqual({ kind: 'door', instructions: null });
    expect(v.destination).toEqual({ lon: 4.833, lat: 45.775 });
    expect(v.events.map((e: { state: string }) => e.state)).toEqual(['placed', 'allocated']);
    expect(JSON.stringify(v)).not.toContain('Alice'); // no names, no address text
    expect(JSON.stringify(v)).not.toContain('rue');
  });

  it('reads a wrong, foreign or missing token as an invalid link', async () => {
    const other = await place(w.keys.operator, w.customers.bob, w.addresses.bobHome);
    const otherToken = (await link(other, w.keys.operator)).json().token as string;
    for (const url of [`/v1/track/${orderId}?t=${otherToken}`, `/v1/track/${orderId}?t=AAAAAAAAAAAAAAAAAAAAAA`, `/v1/track/ord_unknown?t=${otherToken}`]) {
      const res = await env().app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    const missing = await env().app.inject({ method: 'GET', url: `/v1/track/${orderId}` });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('validation_failed');
  });

  it('shows a smart-home access grant: issued, then used, with the device kind and no code', async () => {
    const app = env().app;
    const order = await place(w.keys.operator, w.customers.alice, w.addresses.aliceHome);
    const token = (await link(order, w.keys.operator)).json().token as string;
    const device = await app.inject({
      method: 'POST',
      url: '/v1/devices',
      headers: bearer(w.keys.alice),
      payload: { addressId: w.addresses.aliceHome, kind: 'smart_garage', adapter: 'simulated', vendorDeviceId: 'garage-e2e' },
    });
    expect(device.statusCode).toBe(201);
    const now = Date.now();
    const issued = await app.inject({
      method: 'POST',
      url: `/v1/orders/${order}/access-grants`,
      headers: bearer(w.keys.operator),
      payload: { vehicleId: w.ids.vehicle, window: { start: new Date(now - 60_000).toISOString(), end: new Date(now + 3_600_000).toISOString() } },
    });
    expect(issued.statusCode).toBe(201);
    const grant = issued.json().data[0] as { id: string; code: string };

    const view = async () => (await app.inject({ method: 'GET', url: `/v1/track/${order}?t=${token}` })).json();
    const before = await view();
    expect(before.access).toMatchObject({ deviceKind: 'smart_garage', state: 'issued', usedAt: null });
    expect(JSON.stringify(before)).not.toContain(grant.code);

    const used = await app.inject({ method: 'POST', url: `/v1/access-grants/${grant.id}/use`, headers: bearer(w.keys.device), payload: { code: grant.code } });
    expect(used.statusCode).toBe(200);
    const after = await view();
    expect(after.access.state).toBe('used');
    expect(after.access.usedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('streams the view at once and again after each event of the order; a wrong token gets no stream', async () => {
    const app = env().app;
    const order = await place(w.keys.operator, w.customers.alice, w.addresses.aliceHome);
    const token = (await link(order, w.keys.operator)).json().token as string;
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const bad = await fetch(`${base}/v1/track/${order}/stream?t=AAAAAAAAAAAAAAAAAAAAAA`);
    expect(bad.status).toBe(404);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('not_found');

    const ctrl = new AbortController();
    const res = await fetch(`${base}/v1/track/${order}/stream?t=${token}`, { signal: ctrl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const queue: SseEvent[] = [];
    let buffer = '';
    const nextView = async (): Promise<{ stage: string; events: Array<{ state: string }> }> => {
      while (!queue.length) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffer = parseSseChunk(buffer + value, (e) => queue.push(e));
      }
      const e = queue.shift()!;
      expect(e.event).toBe('tracking');
      return JSON.parse(e.data);
    };
    try {
      expect((await nextView()).stage).toBe('received');
      const cancel = await app.inject({ method: 'POST', url: `/v1/orders/${order}/cancel`, headers: bearer(w.keys.operator), payload: {} });
      expect(cancel.statusCode).toBe(200);
      const pushed = await nextView();
      expect(pushed.stage).toBe('cancelled');
      expect(pushed.events.map((e) => e.state)).toEqual(['placed', 'allocated', 'cancelled']);
    } finally {
      ctrl.abort();
    }
  });

  it('follows the order: cancelled reads as the cancelled stage with its history', async () => {
    const token = (await link(orderId, w.keys.operator)).json().token as string;
    const cancel = await env().app.inject({ method: 'POST', url: `/v1/orders/${orderId}/cancel`, headers: bearer(w.keys.alice), payload: {} });
    expect(cancel.statusCode).toBe(200);
    const v = (await env().app.inject({ method: 'GET', url: `/v1/track/${orderId}?t=${token}` })).json();
    expect(v.stage).toBe('cancelled');
    expect(v.events.map((e: { state: string }) => e.state)).toEqual(['placed', 'allocated', 'cancelled']);
  });
});

// Smart-home drop-off on both back ends: devices (customers own theirs), one-time access grants
// valid only inside the delivery window and only for the assigned vehicle, used through the
// simulated adapter and through a real HTTP device endpoint, revoked on cancellation, expired by
// the sweep, and every step in the audit trail.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/domain/api-keys.js';
import { relayOutboxBatch } from '../../src/domain/outbox-relay.js';
import { expireAccessGrants } from '../../src/domain/smart-home/grants.js';
import { bearer, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

// The receivers below listen on 127.0.0.1, which the URL guard refuses unless allowed.
process.env.RELAIS_ALLOW_PRIVATE_WEBHOOKS = '1';

let clockMs = Date.UTC(2026, 10, 27, 8, 0, 0);
const isoAt = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

describeBackends(
  'smart-home drop-off',
  (env) => {
    let w: World;
    let otherVehicle: { id: string; key: string };
    const lockCalls: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    const lockAnswers: number[] = [];
    let lockUrl = '';
    const lock = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        lockCalls.push({ headers: req.headers, body });
        res.writeHead(lockAnswers.shift() ?? 200).end();
      });
    });
    beforeAll(async () => {
      w = await seedWorld(env());
      await new Promise<void>((r) => lock.listen(0, '127.0.0.1', r));
      lockUrl = `http://127.0.0.1:${(lock.address() as AddressInfo).port}/unlock`;
      const vid = env().ctx.ids.next('veh');
      const v = await env().store.repos.vehicles.get(w.ids.vehicle);
      await env().store.repos.vehicles.insert({ ...v!, id: vid, name: 'V2' });
      otherVehicle = { id: vid, key: (await createApiKey(env().ctx, { role: 'device', subjectId: vid })).key };
    });
    afterAll(async () => new Promise<void>((r) => lock.close(() => r())));

    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, key: string, payload?: unknown) =>
      env().app.inject({ method, url, headers: bearer(key), ...(payload === undefined ? {} : { payload: payload as object }) });
    const relayAll = async () => {
      while ((await relayOutboxBatch(env().ctx, 100)).events > 0);
    };
    /** An order by Alice whose window opens in an hour and lasts two. */
    const aliceOrder = async () => {
      const res = await call('POST', '/v1/orders', w.keys.alice, {
        addressId: w.addresses.aliceHome,
        lines: [{ sku: 'TEA-100', quantity: 1 }],
        window: { start: isoAt(clockMs + 3600_000), end: isoAt(clockMs + 3 * 3600_000) },
      });
      expect(res.statusCode).toBe(201);
      return res.json() as { id: string; window: { start: string; end: string } };
    };
    const issue = async (orderId: string, vehicleId = w.ids.vehicle) => {
      const res = await call('POST', `/v1/orders/${orderId}/access-grants`, w.keys.operator, { vehicleId });
      expect(res.statusCode).toBe(201);
      return res.json().data as Array<{ id: string; code: string; deviceId: string; state: string; validFrom: string; validUntil: string }>;
    };
    const audit = async (grantId: string) => (await call('GET', `/v1/access-grants/${grantId}/audit`, w.keys.operator)).json().data.map((a: { action: string }) => a.action);

    let simDevice: string;
    let hookDevice: { id: string; secret: string };

    it('registers devices for their owner only and validates the adapter configuration', async () => {
      const sim = await call('POST', '/v1/devices', w.keys.alice, { addressId: w.addresses.aliceHome, kind: 'smart_locker', adapter: 'simulated', vendorDeviceId: 'locker-1' });
      expect(sim.statusCode).toBe(201);
      expect(sim.json()).toMatchObject({ customerId: w.customers.alice, adapter: 'simulated', active: true });
      expect(sim.json()).not.toHaveProperty('secret');
      simDevice = sim.json().id;
      const noUrl = await call('POST', '/v1/devices', w.keys.alice, { addressId: w.addresses.aliceHome, kind: 'smart_lock', adapter: 'webhook', vendorDeviceId: 'door' });
      expect(noUrl.statusCode).toBe(400);
      expect(noUrl.json().error.details.path).toBe('/endpointUrl');
      expect((await call('POST', '/v1/devices', w.keys.bob, { addressId: w.addresses.aliceHome, kind: 'smart_lock', adapter: 'simulated', vendorDeviceId: 'x' })).statusCode).toBe(422);
      expect((await call('POST', '/v1/devices', w.keys.supplier, { addressId: w.addresses.aliceHome, kind: 'smart_lock', adapter: 'simulated', vendorDeviceId: 'x' })).statusCode).toBe(403);
      const hook = await call('POST', '/v1/devices', w.keys.operator, { customerId: w.customers.alice, addressId: w.addresses.aliceHome, kind: 'smart_garage', adapter: 'webhook', vendorDeviceId: 'garage-7', endpointUrl: lockUrl });
      expect(hook.statusCode).toBe(201);
      hookDevice = { id: hook.json().id, secret: hook.json().secret };
      expect(hookDevice.secret).toMatch(/^dvsec_/);
      expect((await call('GET', `/v1/devices/${simDevice}`, w.keys.bob)).statusCode).toBe(404);
      expect((await call('GET', '/v1/devices', w.keys.bob)).json().data).toEqual([]);
      expect((await call('GET', '/v1/devices', w.keys.alice)).json().data).toHaveLength(2);
      expect((await call('GET', `/v1/devices/${simDevice}`, w.keys.device)).statusCode).toBe(403);
    });

    it('issues one grant per device for the assigned vehicle and the delivery window; opens only inside it, once, with the code', async () => {
      const order = await aliceOrder();
      const grants = await issue(order.id);
      expect(grants.map((g) => g.deviceId).sort()).toEqual([simDevice, hookDevice.id].sort());
      for (const g of grants) expect(g).toMatchObject({ state: 'issued', validFrom: order.window.start, validUntil: order.window.end });
      const sim = grants.find((g) => g.deviceId === simDevice)!;
      const hook = grants.find((g) => g.deviceId === hookDevice.id)!;
      // Codes are shown once.
      expect((await call('GET', `/v1/access-grants/${sim.id}`, w.keys.operator)).json()).not.toHaveProperty('code');

      // Before the window: refused, audited, still issued.
      const early = await call('POST', `/v1/access-grants/${sim.id}/use`, w.keys.device, { code: sim.code });
      expect(early.statusCode).toBe(409);
      expect(early.json().error.code).toBe('grant_outside_window');
      clockMs += 90 * 60_000; // inside the window
      // Another vehicle: not found. Wrong code: 403. Operators and customers cannot use it.
      expect((await call('POST', `/v1/access-grants/${sim.id}/use`, otherVehicle.key, { code: sim.code })).statusCode).toBe(404);
      const wrong = await call('POST', `/v1/access-grants/${sim.id}/use`, w.keys.device, { code: 'guess' });
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().error.code).toBe('grant_code_invalid');
      expect((await call('POST', `/v1/access-grants/${sim.id}/use`, w.keys.operator, { code: sim.code })).statusCode).toBe(403);
      const used = await call('POST', `/v1/access-grants/${sim.id}/use`, w.keys.device, { code: sim.code });
      expect(used.statusCode).toBe(200);
      expect(used.json()).toMatchObject({ state: 'used', usedAt: isoAt(clockMs) });
      const again = await call('POST', `/v1/access-grants/${sim.id}/use`, w.keys.device, { code: sim.code });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('grant_not_usable');
      expect(await audit(sim.id)).toEqual([
        'access_grant.issued',
        'access_grant.use_denied',
        'access_grant.use_denied',
        'access_grant.used',
        'access_grant.use_denied',
      ]);

      // The webhook adapter: the device endpoint fails once (502, grant stays issued), then opens.
      lockAnswers.push(500);
      const failed = await call('POST', `/v1/access-grants/${hook.id}/use`, w.keys.device, { code: hook.code });
      expect(failed.statusCode).toBe(502);
      expect(failed.json().error.code).toBe('device_unreachable');
      expect((await call('GET', `/v1/access-grants/${hook.id}`, w.keys.alice)).json().state).toBe('issued');
      const opened = await call('POST', `/v1/access-grants/${hook.id}/use`, w.keys.device, { code: hook.code });
      expect(opened.statusCode).toBe(200);
      expect(lockCalls).toHaveLength(2);
      const last = lockCalls[1]!;
      const [t, v1] = String(last.headers['relais-signature']).split(',').map((p) => p.split('=')[1]);
      expect(createHmac('sha256', hookDevice.secret).update(`${t}.${last.body}`).digest('hex')).toBe(v1);
      expect(JSON.parse(last.body)).toMatchObject({ action: 'unlock', grantId: hook.id, vendorDeviceId: 'garage-7', vehicleId: w.ids.vehicle });
      expect(last.body).not.toContain(hook.code);
      expect(await audit(hook.id)).toEqual(['access_grant.issued', 'access_grant.use_failed', 'access_grant.used']);
    });

    it('revokes open grants when the order is cancelled, and expires the rest after the window', async () => {
      const cancelled = await aliceOrder();
      const [g1] = await issue(cancelled.id);
      expect((await call('POST', `/v1/orders/${cancelled.id}/cancel`, w.keys.alice, {})).statusCode).toBe(200);
      await relayAll();
      const after = (await call('GET', `/v1/access-grants?orderId=${cancelled.id}`, w.keys.alice)).json().data;
      expect(after.map((g: { state: string }) => g.state)).toEqual(['revoked', 'revoked']);
      expect(await audit(g1!.id)).toEqual(['access_grant.issued', 'access_grant.revoked']);
      expect((await call('POST', `/v1/access-grants/${g1!.id}/use`, w.keys.device, { code: g1!.code })).statusCode).toBe(409);

      const late = await aliceOrder();
      const grants = await issue(late.id);
      expect(await expireAccessGrants(env().ctx)).toBe(0);
      clockMs += 4 * 3600_000; // past the window
      expect(await expireAccessGrants(env().ctx)).toBe(2);
      const g = (await call('GET', `/v1/access-grants/${grants[0]!.id}`, w.keys.operator)).json();
      expect(g.state).toBe('expired');
      expect(await audit(grants[0]!.id)).toEqual(['access_grant.issued', 'access_grant.expired']);
      // The outbox carried the lifecycle (never the code) for webhooks and SSE.
      const events = await env().store.repos.outbox.forAggregate(grants[0]!.id);
      expect(events.map((e) => e.type)).toEqual(['access_grant.issued', 'access_grant.expired']);
      expect(JSON.stringify(events)).not.toContain(grants[0]!.code);
    });

    it('re-issuing replaces open grants, deactivating a device revokes its grants, and each role sees only its own', async () => {
      const order = await aliceOrder();
      const first = await issue(order.id, w.ids.vehicle);
      const second = await issue(order.id, otherVehicle.id);
      const states = async () => (await call('GET', `/v1/access-grants?orderId=${order.id}`, w.keys.operator)).json().data.map((g: { id: string; state: string }) => [g.id, g.state]);
      expect(await states()).toEqual([...first.map((g) => [g.id, 'revoked']), ...second.map((g) => [g.id, 'issued'])]);
      // The first vehicle no longer sees them; the second sees its own only.
      expect((await call('GET', `/v1/access-grants?orderId=${order.id}&state=issued`, w.keys.device)).json().data).toEqual([]);
      expect((await call('GET', `/v1/access-grants?orderId=${order.id}`, otherVehicle.key)).json().data.map((g: { id: string }) => g.id)).toEqual(second.map((g) => g.id));
      expect((await call('GET', `/v1/access-grants/${second[0]!.id}`, w.keys.bob)).statusCode).toBe(404);
      expect((await call('GET', `/v1/access-grants/${second[0]!.id}/audit`, w.keys.device)).statusCode).toBe(403);
      expect((await call('POST', `/v1/access-grants/${second[0]!.id}/revoke`, w.keys.bob, {})).statusCode).toBe(404);
      expect((await call('POST', `/v1/orders/${order.id}/access-grants`, w.keys.alice, { vehicleId: w.ids.vehicle })).statusCode).toBe(403);
      expect((await call('POST', `/v1/orders/${order.id}/access-grants`, w.keys.operator, { vehicleId: 'veh_nope' })).statusCode).toBe(422);
      // Alice switches the garage off: its open grant is revoked, the locker's stays.
      expect((await call('DELETE', `/v1/devices/${hookDevice.id}`, w.keys.alice)).statusCode).toBe(204);
      const byDevice = new Map((await call('GET', `/v1/access-grants?orderId=${order.id}&state=issued`, w.keys.operator)).json().data.map((g: { deviceId: string; id: string }) => [g.deviceId, g.id]));
      expect([...byDevice.keys()]).toEqual([simDevice]);
      const revoked = await call('POST', `/v1/access-grants/${byDevice.get(simDevice)}/revoke`, w.keys.alice, { reason: 'staying home' });
      expect(revoked.json().state).toBe('revoked');
    });
  },
  { nowMs: () => clockMs },
);

// SSRF guard on URLs the server calls (webhook subscriptions, smart-home device endpoints):
// private, loopback, link-local and unique-local targets are refused at registration (400
// url_not_allowed naming the reason) and again just before connecting (a stored URL, or a name
// that re-points to 127.0.0.1 after registration, never reaches the internal receiver).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookDispatcher } from '../../src/api/webhook-dispatcher.js';
import { createGuardedFetch } from '../../src/domain/guarded-fetch.js';
import { WebhookLockAdapter } from '../../src/domain/smart-home/adapters.js';
import { assertOutboundUrlAllowed, blockedAddressReason, type Resolver } from '../../src/domain/url-guard.js';
import type { AccessGrantRow, DeviceRow } from '../../src/store/index.js';
import { bearer, futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

// This file tests the guard itself: private targets must not be allowed by the environment.
delete process.env.RELAIS_ALLOW_PRIVATE_WEBHOOKS;

/** An internal service on 127.0.0.1 that must never be reached; counts every request. */
async function startInternalService() {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    req.on('end', () => res.writeHead(200).end('secret'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { hits, port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A DNS that answers `name` with the given address (what an attacker's rebinding DNS does). */
const fakeDns =
  (answers: Record<string, string>): Resolver =>
  async (host) => {
    const a = answers[host];
    if (!a) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address: a, family: a.includes(':') ? 6 : 4 }];
  };

describe('address classification', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.8.9.10', /loopback/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.10', /private/],
    ['169.254.169.254', /link-local/],
    ['0.0.0.0', /unspecified/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fc00::1', /unique-local/],
    ['fd12:3456::1', /unique-local/],
    ['fe80::1%eth0', /link-local/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:a00:1', /private/],
    ['64:ff9b::a9fe:a9fe', /link-local/],
    ['2002:c0a8:0101::1', /private/],
    ['ff02::1', /multicast/],
  ])('%s is refused (%s)', (address, reason) => {
    expect(blockedAddressReason(address)).toMatch(reason);
  });

  it.each(['8.8.8.8', '172.32.0.1', '172.15.255.255', '192.169.0.1', '93.184.216.34', '2001:4860:4860::8888', '::ffff:8.8.8.8', '2606:4700::1111'])('%s is public', (address) => {
    expect(blockedAddressReason(address)).toBeNull();
  });
});

describe('registration check', () => {
  const check = (url: string, resolver: Resolver = fakeDns({}), env: NodeJS.ProcessEnv = {}) =>
    assertOutboundUrlAllowed(url, { path: '/url', field: 'url', resolver, env });

  it('refuses names resolving to a private address, accepts public and (for now) unresolvable ones', async () => {
    await expect(check('https://intranet.example/hook', fakeDns({ 'intranet.example': '10.0.0.5' }))).rejects.toMatchObject({
      code: 'url_not_allowed',
      message: expect.stringMatching(/intranet\.example resolves to 10\.0\.0\.5, a private address/),
      details: { path: '/url', reason: 'address', address: '10.0.0.5' },
    });
    await expect(check('https://shop.example/hook', fakeDns({ 'shop.example': '93.184.216.34' }))).resolves.toBeUndefined();
    await expect(check('https://nowhere.example/hook')).resolves.toBeUndefined();
    await expect(check('http://LOCALHOST./x')).rejects.toMatchObject({ code: 'url_not_allowed', message: expect.stringMatching(/loopback name/) });
    await expect(check('http://api.localhost/x')).rejects.toMatchObject({ code: 'url_not_allowed' });
    // The decimal and hexadecimal spellings of 127.0.0.1 are normalised by the URL parser first.
    await expect(check('http://2130706433/x')).rejects.toMatchObject({ code: 'url_not_allowed', message: expect.stringMatching(/127\.0\.0\.1 is a loopback/) });
    await expect(check('http://0x7f.1/x')).rejects.toMatchObject({ code: 'url_not_allowed' });
    await expect(check('gopher://example.com/')).rejects.toMatchObject({ code: 'url_not_allowed', details: { reason: 'scheme' } });
    await expect(check('not a url')).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('lets everything http(s) through with RELAIS_ALLOW_PRIVATE_WEBHOOKS=1, but still not other schemes', async () => {
    const env = { RELAIS_ALLOW_PRIVATE_WEBHOOKS: '1' };
    await expect(check('http://127.0.0.1:9/x', fakeDns({}), env)).resolves.toBeUndefined();
    await expect(check('http://[fd00::1]/x', fakeDns({}), env)).resolves.toBeUndefined();
    await expect(check('file:///etc/passwd', fakeDns({}), env)).rejects.toMatchObject({ code: 'url_not_allowed' });
  });
});

describe('connection-time check (DNS rebinding)', () => {
  let svc: Awaited<ReturnType<typeof startInternalService>>;
  beforeAll(async () => {
    svc = await startInternalService();
  });
  afterAll(async () => svc?.close());

  it('refuses a name that now resolves to 127.0.0.1, and literal private hosts, without connecting', async () => {
    const rebinding = createGuardedFetch({ resolver: fakeDns({ 'rebind.example': '127.0.0.1' }), env: {} });
    await expect(rebinding(`http://rebind.example:${svc.port}/admin`, { method: 'POST', body: '{}' })).rejects.toThrow(/url_not_allowed: rebind\.example resolves to 127\.0\.0\.1, a loopback address/);
    await expect(rebinding(`http://127.0.0.1:${svc.port}/admin`)).rejects.toThrow(/url_not_allowed: 127\.0\.0\.1 is a loopback address/);
    await expect(rebinding(`http://[::ffff:127.0.0.1]:${svc.port}/admin`)).rejects.toThrow(/url_not_allowed/);
    expect(svc.hits).toEqual([]);
  });

  it('connects to the address its lookup vetted when private targets are allowed (the hook is really used)', async () => {
    const allowed = createGuardedFetch({ resolver: fakeDns({ 'rebind.example': '127.0.0.1' }), env: { RELAIS_ALLOW_PRIVATE_WEBHOOKS: '1' } });
    const res = await allowed(`http://rebind.example:${svc.port}/ok`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect([res.status, await res.text()]).toEqual([200, 'secret']);
    expect(svc.hits).toEqual(['/ok']);
    svc.hits.length = 0;
  });

  it('keeps the smart-home webhook adapter away from private device endpoints', async () => {
    const device = { id: 'dev_1', endpointUrl: `http://127.0.0.1:${svc.port}/unlock`, secret: 'dvsec_x', vendorDeviceId: 'lock-1' } as DeviceRow;
    const grant = { id: 'agr_1', orderId: 'ord_1', vehicleId: 'veh_1', validUntil: 2_000_000_000 } as AccessGrantRow;
    const result = await new WebhookLockAdapter().unlock(device, grant, 1_900_000_000);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/url_not_allowed: 127\.0\.0\.1 is a loopback address/) });
    expect(svc.hits).toEqual([]);
  });
});

let clockMs = Date.UTC(2026, 10, 27, 9, 0, 0);

describeBackends(
  'url guard on webhooks and devices',
  (env) => {
    let w: World;
    let svc: Awaited<ReturnType<typeof startInternalService>>;
    beforeAll(async () => {
      w = await seedWorld(env());
      svc = await startInternalService();
    });
    afterAll(async () => svc?.close());
    const call = (method: 'GET' | 'POST' | 'PATCH', url: string, key: string, payload?: object) =>
      env().app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });

    it('refuses private webhook URLs for every role with 400 url_not_allowed naming the reason, and creates nothing', async () => {
      const cases: Array<[keyof World['keys'], string, RegExp]> = [
        ['alice', 'http://127.0.0.1:8080/internal', /127\.0\.0\.1 is a loopback address/],
        ['supplier', 'http://192.168.1.10/hook', /a private address/],
        ['supplier', 'http://10.0.0.7/hook', /a private address/],
        ['alice', 'http://172.20.1.1/hook', /a private address/],
        ['alice', 'http://169.254.169.254/latest/meta-data/', /a link-local address/],
        ['operator', 'http://[::1]:8080/x', /a loopback address/],
        ['operator', 'https://[fd00::1]/x', /a unique-local address/],
        ['operator', 'http://localhost:5432/', /loopback name/],
        ['operator', 'ftp://files.example/x', /scheme ftp:/],
      ];
      for (const [who, url, reason] of cases) {
        const res = await call('POST', '/v1/webhooks', w.keys[who], { url, eventTypes: ['*'] });
        expect([res.statusCode, res.json().error.code], url).toEqual([400, 'url_not_allowed']);
        expect(res.json().error.message, url).toMatch(reason);
        expect(res.json().error.details.path).toBe('/url');
      }
      for (const who of ['alice', 'supplier', 'operator'] as const) expect((await call('GET', '/v1/webhooks', w.keys[who])).json().data).toEqual([]);
    });

    it('refuses a PATCH to a private URL and leaves the subscription as it was', async () => {
      const created = await call('POST', '/v1/webhooks', w.keys.alice, { url: 'https://alice.example/hook', eventTypes: ['order.*'] });
      expect(created.statusCode).toBe(201);
      const id = created.json().id as string;
      const res = await call('PATCH', `/v1/webhooks/${id}`, w.keys.alice, { url: 'http://10.1.1.1/steal' });
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'url_not_allowed']);
      expect((await call('GET', `/v1/webhooks/${id}`, w.keys.alice)).json().url).toBe('https://alice.example/hook');
    });

    it('refuses private smart-home device endpoints on register and update', async () => {
      const body = { customerId: w.customers.alice, addressId: w.addresses.aliceHome, kind: 'smart_lock', adapter: 'webhook', vendorDeviceId: 'lock-9' };
      const bad = await call('POST', '/v1/devices', w.keys.alice, { ...body, endpointUrl: `http://127.0.0.1:${svc.port}/unlock` });
      expect([bad.statusCode, bad.json().error.code, bad.json().error.details.path]).toEqual([400, 'url_not_allowed', '/endpointUrl']);
      expect(bad.json().error.message).toMatch(/endpointUrl not allowed: host 127\.0\.0\.1 is a loopback address/);
      const ok = await call('POST', '/v1/devices', w.keys.alice, { ...body, endpointUrl: 'https://locks.example/unlock' });
      expect(ok.statusCode).toBe(201);
      const patch = await call('PATCH', `/v1/devices/${ok.json().id}`, w.keys.alice, { endpointUrl: 'http://192.168.0.2/unlock' });
      expect([patch.statusCode, patch.json().error.code]).toEqual([400, 'url_not_allowed']);
      expect((await call('GET', `/v1/devices/${ok.json().id}`, w.keys.alice)).json().endpointUrl).toBe('https://locks.example/unlock');
    });

    it('never delivers to a private address stored earlier: the attempt fails with url_not_allowed and nothing is called', async () => {
      // As if registered before the guard existed, or while RELAIS_ALLOW_PRIVATE_WEBHOOKS was on.
      const sub = {
        id: env().ctx.ids.next('whs'),
        ownerRole: 'operator',
        ownerSubjectId: null,
        url: `http://127.0.0.1:${svc.port}/internal`,
        secret: 'whsec_test',
        eventTypes: ['order.*'],
        active: true,
        createdAt: Math.floor(clockMs / 1000),
      };
      await env().store.repos.webhooks.insertSubscription(sub);
      const order = await call('POST', '/v1/orders', w.keys.alice, { addressId: w.addresses.aliceHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: futureWindow(clockMs) });
      expect(order.statusCode).toBe(201);
      const d = new WebhookDispatcher(env().ctx, { random: () => 0.5, sweepEveryS: 1e9, onError: (e) => { throw e; } });
      const tick = await d.tick();
      expect(tick.failed).toBeGreaterThanOrEqual(1);
      const [delivery] = (await call('GET', `/v1/webhooks/${sub.id}/deliveries`, w.keys.operator)).json().data;
      expect(delivery.attemptLog[0].error).toMatch(/url_not_allowed: 127\.0\.0\.1 is a loopback address/);
      expect(delivery.attemptLog[0].statusCode).toBeNull();
      expect(svc.hits).toEqual([]);
    });
  },
  { nowMs: () => clockMs },
);

// Every role against every resource kind of the second half (suppliers, reorder rules, purchase
// orders, webhooks, devices, access grants, streams): 2xx where admitted, 403 for a role outside
// the endpoint, 404 for another subject's record. Alice owns the device, order and grant used;
// the seeded supplier owns the PO; the seeded vehicle holds the grant.
import { beforeAll, expect, it } from 'vitest';
import { relayOutboxBatch } from '../../src/domain/outbox-relay.js';
import { bearer, futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

type Who = 'operator' | 'alice' | 'bob' | 'supplier' | 'device';
const WHO: Who[] = ['operator', 'alice', 'bob', 'supplier', 'device'];

describeBackends('roles on replenishment, webhooks and smart-home endpoints', (env) => {
  let w: World;
  const ids = { po: '', rule: '', device: '', grant: '', order: '', opsHook: '', aliceHook: '', supplierHook: '' };
  beforeAll(async () => {
    w = await seedWorld(env());
    const call = (method: 'POST', url: string, key: string, payload: unknown) => env().app.inject({ method, url, headers: bearer(key), payload: payload as object });
    ids.rule = (await call('POST', '/v1/reorder-rules', w.keys.operator, { hubId: w.hubs.north, sku: 'TEA-100', supplierId: w.ids.supplier, min: 1, max: 10, unitCostMinor: 1 })).json().id;
    ids.po = (await call('POST', '/v1/purchase-orders', w.keys.operator, { supplierId: w.ids.supplier, hubId: w.hubs.north, lines: [{ sku: 'TEA-100', quantity: 3 }] })).json().id;
    ids.device = (await call('POST', '/v1/devices', w.keys.alice, { addressId: w.addresses.aliceHome, kind: 'smart_lock', adapter: 'simulated', vendorDeviceId: 'l1' })).json().id;
    ids.order = (await call('POST', '/v1/orders', w.keys.alice, { addressId: w.addresses.aliceHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: futureWindow() })).json().id;
    ids.grant = (await call('POST', `/v1/orders/${ids.order}/access-grants`, w.keys.operator, { vehicleId: w.ids.vehicle })).json().data[0].id;
    ids.opsHook = (await call('POST', '/v1/webhooks', w.keys.operator, { url: 'https://ops.example/h', eventTypes: ['*'] })).json().id;
    ids.aliceHook = (await call('POST', '/v1/webhooks', w.keys.alice, { url: 'https://alice.example/h', eventTypes: ['order.*'] })).json().id;
    ids.supplierHook = (await call('POST', '/v1/webhooks', w.keys.supplier, { url: 'https://sup.example/h', eventTypes: ['purchase_order.*'] })).json().id;
    await relayOutboxBatch(env().ctx, 500);
    for (const id of Object.values(ids)) expect(id).toMatch(/^[a-z]+_/);
  });

  const cases = (): Array<[string, 'GET' | 'POST' | 'PATCH', string, unknown, Record<Who, number>]> => [
    ['list suppliers', 'GET', '/v1/suppliers', undefined, { operator: 200, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['get own supplier', 'GET', `/v1/suppliers/${w.ids.supplier}`, undefined, { operator: 200, alice: 403, bob: 403, supplier: 200, device: 403 }],
    ['create rule', 'POST', '/v1/reorder-rules', { hubId: w.hubs.south, sku: 'RARE-1', supplierId: w.ids.supplier, min: 1, max: 5, unitCostMinor: 1 }, { operator: 201, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['list rules', 'GET', '/v1/reorder-rules', undefined, { operator: 200, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['patch rule', 'PATCH', `/v1/reorder-rules/${ids.rule}`, { enabled: true }, { operator: 200, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['list POs', 'GET', '/v1/purchase-orders', undefined, { operator: 200, alice: 403, bob: 403, supplier: 200, device: 403 }],
    ['get PO', 'GET', `/v1/purchase-orders/${ids.po}`, undefined, { operator: 200, alice: 403, bob: 403, supplier: 200, device: 403 }],
    ['PO events', 'GET', `/v1/purchase-orders/${ids.po}/events`, undefined, { operator: 200, alice: 403, bob: 403, supplier: 200, device: 403 }],
    ['send PO', 'POST', `/v1/purchase-orders/${ids.po}/send`, {}, { operator: 200, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['list webhooks', 'GET', '/v1/webhooks', undefined, { operator: 200, alice: 200, bob: 200, supplier: 200, device: 403 }],
    ['get ops webhook', 'GET', `/v1/webhooks/${ids.opsHook}`, undefined, { operator: 200, alice: 404, bob: 404, supplier: 404, device: 403 }],
    ['get alice webhook', 'GET', `/v1/webhooks/${ids.aliceHook}`, undefined, { operator: 200, alice: 200, bob: 404, supplier: 404, device: 403 }],
    ['supplier webhook deliveries', 'GET', `/v1/webhooks/${ids.supplierHook}/deliveries`, undefined, { operator: 200, alice: 404, bob: 404, supplier: 200, device: 403 }],
    ['patch alice webhook', 'PATCH', `/v1/webhooks/${ids.aliceHook}`, { eventTypes: ['order.*', 'access_grant.*'] }, { operator: 200, alice: 200, bob: 404, supplier: 404, device: 403 }],
    ['list devices', 'GET', '/v1/devices', undefined, { operator: 200, alice: 200, bob: 200, supplier: 403, device: 403 }],
    ['get device', 'GET', `/v1/devices/${ids.device}`, undefined, { operator: 200, alice: 200, bob: 404, supplier: 403, device: 403 }],
    ['patch device', 'PATCH', `/v1/devices/${ids.device}`, { label: 'front door' }, { operator: 200, alice: 200, bob: 404, supplier: 403, device: 403 }],
    ['list grants', 'GET', '/v1/access-grants', undefined, { operator: 200, alice: 200, bob: 200, supplier: 403, device: 200 }],
    ['get grant', 'GET', `/v1/access-grants/${ids.grant}`, undefined, { operator: 200, alice: 200, bob: 404, supplier: 403, device: 200 }],
    ['grant audit', 'GET', `/v1/access-grants/${ids.grant}/audit`, undefined, { operator: 200, alice: 200, bob: 404, supplier: 403, device: 403 }],
    ['use grant (before the window)', 'POST', `/v1/access-grants/${ids.grant}/use`, { code: 'x' }, { operator: 403, alice: 403, bob: 403, supplier: 403, device: 409 }],
    ['issue grants', 'POST', `/v1/orders/${ids.order}/access-grants`, { vehicleId: w.ids.vehicle }, { operator: 201, alice: 403, bob: 403, supplier: 403, device: 403 }],
    ['replenishment run', 'POST', '/v1/replenishment/run', {}, { operator: 200, alice: 403, bob: 403, supplier: 403, device: 403 }],
  ];

  it('answers each role as the matrix says', async () => {
    for (const [label, method, url, body, expected] of cases()) {
      for (const who of WHO) {
        const res = await env().app.inject({ method, url, headers: bearer(w.keys[who]), ...(body === undefined ? {} : { payload: body as object }) });
        expect(`${label} as ${who}: ${res.statusCode}`).toBe(`${label} as ${who}: ${expected[who]}`);
        if (res.statusCode >= 400) expect(res.json().error.code).toEqual(expect.any(String));
      }
    }
  });

  it('lists only what each subject owns', async () => {
    const list = async (url: string, who: Who) => (await env().app.inject({ method: 'GET', url, headers: bearer(w.keys[who]) })).json().data.map((x: { id: string }) => x.id);
    expect(await list('/v1/webhooks', 'alice')).toEqual([ids.aliceHook]);
    expect(await list('/v1/webhooks', 'supplier')).toEqual([ids.supplierHook]);
    expect(await list('/v1/webhooks', 'bob')).toEqual([]);
    expect(await list('/v1/devices', 'bob')).toEqual([]);
    expect(await list('/v1/access-grants', 'bob')).toEqual([]);
    expect((await list('/v1/access-grants', 'device')).length).toBeGreaterThan(0);
    expect(await list('/v1/purchase-orders', 'supplier')).toContain(ids.po);
  });
});

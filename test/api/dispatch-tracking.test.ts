// Dispatch, fleet and tracking endpoints through HTTP on both back ends: the flow
// (vehicles → ready orders → dispatch → plan → telemetry → ETA on the order → stop events),
// the role matrix (operator ok; device only its own vehicle; customer/supplier 403), and bad
// input answered with the error format, changing nothing.
import { beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/domain/api-keys.js';
import { configureDispatch } from '../../src/domain/dispatch-settings.js';
import { bearer, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';
import { TestClock } from '../domain/dispatch-fixtures.js';

const clock = new TestClock();
const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

describeBackends(
  'dispatch and tracking API',
  (env) => {
    let w: World;
    let van: string;
    let vanKey: string;
    let orders: string[];
    let plan: { planId: string; assigned: string[] };
    let vanStops: Array<{ id: string; kind: string; orderId: string | null; eta: string }>;

    const call = (method: 'GET' | 'POST', url: string, key: string, payload?: unknown) =>
      env().app.inject({ method, url, headers: bearer(key), ...(payload !== undefined ? { payload: payload as object } : {}) });
    const keysBy = () => ({ operator: w.keys.operator, alice: w.keys.alice, bob: w.keys.bob, supplier: w.keys.supplier, drone: w.keys.device, van: vanKey });
    type Who = keyof ReturnType<typeof keysBy>;
    async function expectRoles(method: 'GET' | 'POST', url: string, payload: unknown, expected: Partial<Record<Who, number>>) {
      for (const [who, status] of Object.entries(expected) as Array<[Who, number]>) {
        const r = await call(method, url, keysBy()[who], payload);
        expect(`${method} ${url} as ${who}: ${r.statusCode}`).toBe(`${method} ${url} as ${who}: ${status}`);
        if (status >= 400) expect(r.json().error.code).toBe({ 403: 'forbidden', 404: 'not_found' }[status]);
      }
    }

    beforeAll(async () => {
      const { ctx } = env();
      w = await seedWorld(env());
      configureDispatch(ctx, { solveTimeLimitMs: 800, solveMaxIterations: 1500 });
      // The seeded drone is in maintenance: the van takes every delivery.
      await ctx.store.repos.fleet.updateVehicle(w.ids.vehicle, { status: 'maintenance' });
    });

    it('creates and lists vehicles (operators); others are refused', async () => {
      const body = { hubId: w.hubs.north, kind: 'van', name: 'Van 1', capacityG: 500_000, capacityVolumeCm3: 4_000_000, maxParcels: 40, speedMps: 11, rangeM: 200_000, costPerKmMinor: 25 };
      for (const who of ['alice', 'supplier', 'drone'] as const) expect((await call('POST', '/v1/vehicles', keysBy()[who], body)).statusCode).toBe(403);
      const bad = await call('POST', '/v1/vehicles', w.keys.operator, { ...body, kind: 'bicycle' });
      expect([bad.statusCode, bad.json().error.code, bad.json().error.details.path]).toEqual([400, 'validation_failed', '/kind']);
      const unknownHub = await call('POST', '/v1/vehicles', w.keys.operator, { ...body, hubId: 'hub_nope' });
      expect([unknownHub.statusCode, unknownHub.json().error.code]).toEqual([422, 'unknown_hub']);
      const r = await call('POST', '/v1/vehicles', w.keys.operator, body);
      expect(r.statusCode).toBe(201);
      van = r.json().id;
      expect(r.json()).toMatchObject({ id: expect.stringMatching(/^veh_/), kind: 'van', status: 'idle', position: null });
      vanKey = (await createApiKey(env().ctx, { role: 'device', subjectId: van })).key;
      const list = await call('GET', `/v1/vehicles?hubId=${w.hubs.north}`, w.keys.operator);
      expect(list.json().data.map((v: { id: string }) => v.id).sort()).toEqual([w.ids.vehicle, van].sort());
      await expectRoles('GET', '/v1/vehicles', undefined, { operator: 200, alice: 403, supplier: 403, drone: 403, van: 403 });
      await expectRoles('GET', `/v1/vehicles/${van}`, undefined, { operator: 200, van: 200, drone: 404, alice: 403, supplier: 403 });
    });

    it('dispatches a hub’s ready orders and shows the plan; only operators may', async () => {
      orders = [];
      for (const [i, dLon] of [0.004, -0.006, 0.008].entries()) {
        const adr = await call('POST', `/v1/customers/${w.customers.alice}/addresses`, w.keys.alice, { line1: `${i} quai`, city: 'Lyon', postcode: '69004', country: 'FR', lon: 4.835 + dLon, lat: 45.777 });
        const o = await call('POST', '/v1/orders', w.keys.alice, { addressId: adr.json().id, lines: [{ sku: 'TEA-100', quantity: 1 }], window: { start: iso(clock.s + 1800), end: iso(clock.s + 5 * 3600) } });
        expect(o.statusCode).toBe(201);
        expect((await call('POST', `/v1/orders/${o.json().id}/transitions`, w.keys.operator, { to: 'ready' })).statusCode).toBe(200);
        orders.push(o.json().id);
      }
      await expectRoles('POST', `/v1/hubs/${w.hubs.north}/dispatch`, undefined, { alice: 403, supplier: 403, drone: 403, van: 403 });
      expect((await call('POST', '/v1/hubs/hub_nope/dispatch', w.keys.operator)).statusCode).toBe(404);
      const r = await call('POST', `/v1/hubs/${w.hubs.north}/dispatch`, w.keys.operator);
      expect(r.statusCode).toBe(200);
      plan = r.json();
      expect([...plan.assigned].sort()).toEqual([...orders].sort());
      expect(r.json()).toMatchObject({ hubId: w.hubs.north, routes: 1, unassigned: [], keptRoutes: [], accessGrants: [] });

      const p = await call('GET', `/v1/hubs/${w.hubs.north}/plan`, w.keys.operator);
      expect(p.statusCode).toBe(200);
      expect(p.json()).toMatchObject({ id: plan.planId!, state: 'active', origin: iso(clock.s) });
      const route = p.json().routes[0];
      expect(route.vehicleId).toBe(van);
      expect(route.stops.map((s: { kind: string }) => s.kind)).toEqual(['depart', 'delivery', 'delivery', 'delivery', 'return']);
      for (const s of route.stops) expect(s.plannedArrival).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      await expectRoles('GET', `/v1/hubs/${w.hubs.north}/plan`, undefined, { alice: 403, supplier: 403, drone: 403, van: 403 });
      expect((await call('GET', `/v1/hubs/${w.hubs.south}/plan`, w.keys.operator)).statusCode).toBe(404);

      const own = await call('GET', `/v1/vehicles/${van}/route`, vanKey);
      expect(own.statusCode).toBe(200);
      expect(own.json().route.id).toBe(route.id);
      vanStops = own.json().route.stops;
      await expectRoles('GET', `/v1/vehicles/${van}/route`, undefined, { operator: 200, drone: 404, alice: 403, supplier: 403 });
    });

    it('telemetry from the van moves the ETA the customer sees on the order', async () => {
      const delivery = vanStops.find((s) => s.kind === 'delivery')!;
      const before = await call('GET', `/v1/orders/${delivery.orderId}/tracking`, w.keys.alice);
      expect(before.statusCode).toBe(200);
      expect(before.json()).toMatchObject({ order: { id: delivery.orderId, state: 'dispatched' }, attempts: 0, vehicle: { id: van, position: null } });
      const etaBefore = before.json().eta;
      expect(etaBefore).toBe(delivery.eta);

      clock.advance(2400); // 40 minutes later, the van is 4 km away
      const body = { lon: 4.835 + 0.05, lat: 45.777, status: 'en_route', batteryPct: 64 };
      await expectRoles('POST', `/v1/vehicles/${van}/telemetry`, body, { drone: 404, alice: 403, supplier: 403 });
      const bad = await call('POST', `/v1/vehicles/${van}/telemetry`, vanKey, { ...body, lat: 123 });
      expect([bad.statusCode, bad.json().error.code, bad.json().error.details.path]).toEqual([400, 'validation_failed', '/lat']);
      expect((await env().store.repos.vehicles.get(van))!.lastSeenAt).toBeNull(); // the refused report changed nothing
      const t = await call('POST', `/v1/vehicles/${van}/telemetry`, vanKey, body);
      expect(t.statusCode).toBe(200);
      expect(t.json().vehicle).toMatchObject({ status: 'en_route', position: { lon: body.lon, lat: body.lat, at: iso(clock.s) }, batteryPct: 64 });

      const after = await call('GET', `/v1/orders/${delivery.orderId}/tracking`, w.keys.alice);
      expect(after.json().eta).not.toBe(etaBefore);
      expect(after.json().eta).toBe(t.json().etas.find((e: { stopId: string }) => e.stopId === delivery.id).eta);
      expect(after.json().vehicle.position).toEqual({ lon: body.lon, lat: body.lat, at: iso(clock.s) });
      await expectRoles('GET', `/v1/orders/${delivery.orderId}/tracking`, undefined, { operator: 200, alice: 200, bob: 404, supplier: 403, van: 403 });
    });

    it('stop events: only the route’s own device, proof for deliveries, a reason for failures; failed goes back to ready', async () => {
      const [d1, d2] = vanStops.filter((s) => s.kind === 'delivery');
      await expectRoles('POST', `/v1/stops/${d1!.id}/events`, { type: 'arrived' }, { drone: 404, alice: 403, supplier: 403 });
      expect((await call('POST', `/v1/stops/${d1!.id}/events`, vanKey, { type: 'arrived' })).statusCode).toBe(200);
      const noProof = await call('POST', `/v1/stops/${d1!.id}/events`, vanKey, { type: 'delivered' });
      expect([noProof.statusCode, noProof.json().error.code]).toEqual([422, 'proof_required']);
      const noReason = await call('POST', `/v1/stops/${d1!.id}/events`, vanKey, { type: 'failed' });
      expect([noReason.statusCode, noReason.json().error.code, noReason.json().error.details.path]).toEqual([400, 'validation_failed', '/reason']);
      const delivered = await call('POST', `/v1/stops/${d1!.id}/events`, vanKey, { type: 'delivered', proof: { signatureRef: 'sig-123' } });
      expect(delivered.statusCode).toBe(200);
      expect(delivered.json()).toMatchObject({ stop: { state: 'done' }, order: { state: 'delivered' } });
      const again = await call('POST', `/v1/stops/${d1!.id}/events`, vanKey, { type: 'delivered', proof: { signatureRef: 'sig-123' } });
      expect([again.statusCode, again.json().error.code]).toEqual([409, 'illegal_transition']);

      const failed = await call('POST', `/v1/stops/${d2!.id}/events`, vanKey, { type: 'failed', reason: 'recipient_absent' });
      expect(failed.statusCode).toBe(200);
      expect(failed.json()).toMatchObject({ attempts: 1, outcome: 'redispatch', order: { state: 'ready' } });
      const tracking = await call('GET', `/v1/orders/${d2!.orderId}/tracking`, w.keys.alice);
      expect(tracking.json()).toMatchObject({ attempts: 1, eta: null, order: { state: 'ready' } });
      const events = await call('GET', `/v1/orders/${d2!.orderId}/events`, w.keys.alice);
      expect(events.json().data.slice(-2).map((e: { from: string; to: string }) => [e.from, e.to])).toEqual([['dispatched', 'failed'], ['failed', 'ready']]);
    });

    it('documents every new endpoint in the OpenAPI document', async () => {
      const doc = (await env().app.inject({ method: 'GET', url: '/docs/json' })).json();
      for (const path of ['/v1/vehicles', '/v1/vehicles/{id}', '/v1/vehicles/{id}/route', '/v1/vehicles/{id}/telemetry', '/v1/hubs/{id}/dispatch', '/v1/hubs/{id}/plan', '/v1/stops/{id}/events', '/v1/orders/{id}/tracking', '/v1/optimize']) {
        expect(doc.paths[path], path).toBeDefined();
      }
    });
  },
  { nowMs: clock.now },
);

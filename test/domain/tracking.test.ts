// Tracking on both back ends: telemetry moves ETAs (recomputed independently here), a failed
// delivery goes back to ready with an attempt count (and to returned after the limit or for a
// final reason) with the stock books following, deliveries need a proof, devices act only for
// their own vehicle.
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../src/domain/actor.js';
import { configureDispatch, dispatchSettings } from '../../src/domain/dispatch-settings.js';
import { runDispatchRound, type DispatchSummary } from '../../src/domain/dispatch.js';
import { registerDevice } from '../../src/domain/smart-home/devices.js';
import { issueAccessGrantsForStops } from '../../src/domain/smart-home/grants.js';
import { getOrderTracking, recordStopEvent, recordTelemetry } from '../../src/domain/tracking.js';
import { haversineMetres } from '../../src/geo/haversine.js';
import { jobsFor } from '../../src/jobs/index.js';
import type { StopRow } from '../../src/store/index.js';
import { seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';
import { TestClock, addVans, readyOrders } from './dispatch-fixtures.js';

const clock = new TestClock();

describeBackends(
  'tracking',
  (env) => {
    let w: World;
    let vans: string[];
    let plan: DispatchSummary;
    let vanRoute: { id: string; vehicleId: string; deliveries: StopRow[] };

    const device = (vehicleId: string): Actor => ({ role: 'device', subjectId: vehicleId, via: 'key_test' });
    const tea = async () => (await env().store.repos.stock.get(w.hubs.north, w.products.tea))!;

    beforeAll(async () => {
      const { ctx } = env();
      w = await seedWorld(env());
      configureDispatch(ctx, { solveTimeLimitMs: 1000, solveMaxIterations: 2000, maxAttempts: 2 });
      vans = await addVans(ctx, w.hubs.north, 2);
      await readyOrders(ctx, w, 5, clock.s);
      plan = await runDispatchRound(ctx, w.hubs.north, { solve: (r) => jobsFor(ctx).solve(r) });
      const routes = await ctx.store.repos.plans.routesOfPlan(plan.planId!);
      const stops = await ctx.store.repos.plans.stopsOfRoutes(routes.map((r) => r.id));
      const withDeliveries = routes
        .filter((r) => vans.includes(r.vehicleId))
        .map((r) => ({ id: r.id, vehicleId: r.vehicleId, deliveries: stops.filter((s) => s.routeId === r.id && s.kind === 'delivery') }))
        .sort((a, b) => b.deliveries.length - a.deliveries.length);
      vanRoute = withDeliveries[0]!;
      expect(vanRoute.deliveries.length).toBeGreaterThanOrEqual(2);
    });

    it('telemetry moves the ETAs of the remaining stops, computed from the reported position', async () => {
      const { ctx } = env();
      const repos = ctx.store.repos;
      const [s1, s2] = vanRoute.deliveries;
      const before = (await repos.plans.getStop(s1!.id))!.eta;
      clock.advance(120);
      // The van reports from 3 km west of its first stop.
      const pos = { lon: s1!.lon - 0.0386, lat: s1!.lat };
      const r = await recordTelemetry(ctx, device(vanRoute.vehicleId), vanRoute.vehicleId, { ...pos, status: 'en_route', batteryPct: 80 });
      const speed = dispatchSettings(ctx).vanSpeedMps;
      const leg1 = haversineMetres(pos.lon, pos.lat, s1!.lon, s1!.lat);
      expect(leg1).toBeGreaterThan(2900);
      const eta1 = clock.s + leg1 / speed;
      const o1 = (await repos.orders.get(s1!.orderId!))!;
      const serviceStart1 = Math.max(eta1, o1.windowStart);
      const eta2 = serviceStart1 + dispatchSettings(ctx).serviceS + haversineMetres(s1!.lon, s1!.lat, s2!.lon, s2!.lat) / speed;

      const stored1 = (await repos.plans.getStop(s1!.id))!.eta!;
      const stored2 = (await repos.plans.getStop(s2!.id))!.eta!;
      expect(stored1).toBe(Math.round(eta1));
      expect(Math.abs(stored2 - eta2)).toBeLessThanOrEqual(1);
      expect(stored1).not.toBe(before);
      expect(r.etas.find((e) => e.stopId === s1!.id)!.eta).toBe(stored1);
      expect((await repos.plans.getRoute(vanRoute.id))!.state).toBe('started');
      const vehicle = (await repos.vehicles.get(vanRoute.vehicleId))!;
      expect([vehicle.lastLon, vehicle.lastLat, vehicle.status, vehicle.batteryPct, vehicle.lastSeenAt]).toEqual([pos.lon, pos.lat, 'en_route', 80, clock.s]);

      const events = (await repos.outbox.forAggregate(s1!.orderId!)).filter((e) => e.type === 'order.eta_updated');
      expect((events.at(-1)!.payload as { eta: number }).eta).toBe(stored1);
      const tracking = await getOrderTracking(ctx, { role: 'customer', subjectId: w.customers.alice, via: 'key_t' }, s1!.orderId!);
      expect(tracking).toMatchObject({ eta: stored1, routeId: vanRoute.id, vehicle: { id: vanRoute.vehicleId, lon: pos.lon, lat: pos.lat } });

      // A report older than the last one is stored but does not move the vehicle back.
      await recordTelemetry(ctx, SYSTEM_ACTOR, vanRoute.vehicleId, { at: clock.s - 60, lon: 4.9, lat: 45.8 });
      expect((await repos.vehicles.get(vanRoute.vehicleId))!.lastLon).toBe(pos.lon);
    });

    it('a device reports only for its own vehicle; others read as not found', async () => {
      const { ctx } = env();
      const other = vans.find((v) => v !== vanRoute.vehicleId)!;
      await expect(recordTelemetry(ctx, device(other), vanRoute.vehicleId, { lon: 4.8, lat: 45.7 })).rejects.toMatchObject({ code: 'not_found' });
      await expect(recordStopEvent(ctx, device(other), vanRoute.deliveries[0]!.id, { type: 'arrived' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(getOrderTracking(ctx, { role: 'customer', subjectId: w.customers.bob, via: 'k' }, vanRoute.deliveries[0]!.orderId!)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('a failed delivery goes back to ready with an attempt count; the goods are back on the books for it', async () => {
      const { ctx } = env();
      const repos = ctx.store.repos;
      const s1 = vanRoute.deliveries[0]!;
      const before = await tea();
      clock.advance(600);
      await recordStopEvent(ctx, device(vanRoute.vehicleId), s1.id, { type: 'arrived' });
      const r = await recordStopEvent(ctx, device(vanRoute.vehicleId), s1.id, { type: 'failed', reason: 'recipient_absent', note: 'nobody home' });
      expect(r).toMatchObject({ attempts: 1, outcome: 'redispatch', stop: { state: 'failed' }, order: { state: 'ready' } });
      const events = (await repos.orders.events(s1.orderId!, { limit: 50 })).items.map((e) => [e.fromState, e.toState]);
      expect(events.slice(-2)).toEqual([['dispatched', 'failed'], ['failed', 'ready']]);
      const types = (await repos.outbox.forAggregate(s1.orderId!)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['order.vehicle_arrived', 'order.failed', 'order.ready']));
      const after = await tea();
      expect([after.onHand - before.onHand, after.reserved - before.reserved]).toEqual([1, 1]);
      expect((await getOrderTracking(ctx, SYSTEM_ACTOR, s1.orderId!)).attempts).toBe(1);

      // The next round plans it again (and consumes it again, once).
      const again = await runDispatchRound(ctx, w.hubs.north, { solve: (q) => jobsFor(ctx).solve(q) });
      expect(again.keptRoutes).toContain(vanRoute.id);
      expect(again.assigned).toContain(s1.orderId);
      expect((await repos.orders.get(s1.orderId!))!.state).toBe('dispatched');
      const consumed = await tea();
      expect([consumed.onHand - before.onHand, consumed.reserved - before.reserved]).toEqual([0, 0]);

      // Second failure reaches the limit (maxAttempts 2): failed → returned, goods back on hand, reservation gone.
      const stop2 = (await repos.plans.currentStopForOrder(s1.orderId!))!;
      expect(stop2.id).not.toBe(s1.id);
      const r2 = await recordStopEvent(ctx, SYSTEM_ACTOR, stop2.id, { type: 'failed', reason: 'no_access' });
      expect(r2).toMatchObject({ attempts: 2, outcome: 'returned', order: { state: 'returned' } });
      const returned = await tea();
      expect([returned.onHand - before.onHand, returned.reserved - before.reserved]).toEqual([1, 0]);
    });

    it('a final reason returns the order at once', async () => {
      const { ctx } = env();
      const s2 = vanRoute.deliveries[1]!;
      const r = await recordStopEvent(ctx, device(vanRoute.vehicleId), s2.id, { type: 'failed', reason: 'refused' });
      expect(r).toMatchObject({ attempts: 1, outcome: 'returned', order: { state: 'returned' } });
    });

    it('a delivery needs a proof; a finished stop takes no more events; only delivery stops take events', async () => {
      const { ctx } = env();
      const repos = ctx.store.repos;
      const routes = await repos.plans.routesOfPlan((await repos.plans.activeForHub(w.hubs.north))!.id);
      const stops = await repos.plans.stopsOfRoutes(routes.map((r) => r.id));
      const open = stops.find((s) => s.kind === 'delivery' && s.state === 'planned')!;
      const route = routes.find((r) => r.id === open.routeId)!;
      await expect(recordStopEvent(ctx, device(route.vehicleId), open.id, { type: 'delivered', proof: {} })).rejects.toMatchObject({ code: 'proof_required' });
      await expect(recordStopEvent(ctx, SYSTEM_ACTOR, open.id, { type: 'delivered', proof: { accessGrantId: 'agr_nope' } })).rejects.toMatchObject({ code: 'proof_invalid' });
      expect((await repos.orders.get(open.orderId!))!.state).toBe('dispatched'); // refused attempts changed nothing
      const done = await recordStopEvent(ctx, device(route.vehicleId), open.id, { type: 'delivered', proof: { photoRef: 's3://proofs/p1.jpg' } });
      expect(done).toMatchObject({ stop: { state: 'done' }, order: { state: 'delivered' } });
      const events = (await repos.orders.events(open.orderId!, { limit: 50 })).items;
      expect(events.at(-1)).toMatchObject({ fromState: 'dispatched', toState: 'delivered' });
      expect(events.at(-1)!.reason).toContain('photoRef s3://proofs/p1.jpg');
      expect(events.at(-1)!.actor).toContain(`device ${route.vehicleId}`);
      await expect(recordStopEvent(ctx, SYSTEM_ACTOR, open.id, { type: 'failed', reason: 'other' })).rejects.toMatchObject({ code: 'illegal_transition' });
      const depart = stops.find((s) => s.kind === 'depart')!;
      await expect(recordStopEvent(ctx, SYSTEM_ACTOR, depart.id, { type: 'arrived' })).rejects.toMatchObject({ code: 'validation_failed' });
    });

    it("a delivery revokes the order's open access grants; the route completes with its last delivery, not before", async () => {
      const { ctx } = env();
      const repos = ctx.store.repos;
      const routes = await repos.plans.routesOfPlan((await repos.plans.activeForHub(w.hubs.north))!.id);
      const stops = await repos.plans.stopsOfRoutes(routes.map((r) => r.id));
      const route = routes.find((r) => stops.some((s) => s.routeId === r.id && s.kind === 'delivery' && s.state === 'planned'))!;
      const open = stops.filter((s) => s.routeId === route.id && s.kind === 'delivery' && s.state === 'planned');
      const order = (await repos.orders.get(open[0]!.orderId!))!;
      await registerDevice(ctx, SYSTEM_ACTOR, { customerId: order.customerId, addressId: order.addressId, kind: 'smart_locker', adapter: 'simulated', vendorDeviceId: 'locker-t' });
      const [issued] = await ctx.store.transaction((tx) => issueAccessGrantsForStops(ctx, tx, { orderId: order.id, vehicleId: route.vehicleId, window: { start: order.windowStart, end: order.windowEnd } }));
      for (const [k, s] of open.entries()) {
        await recordStopEvent(ctx, device(route.vehicleId), s.id, { type: 'delivered', proof: { photoRef: `p${k}` } });
        expect((await repos.plans.getRoute(route.id))!.state).toBe(k === open.length - 1 ? 'completed' : 'started');
      }
      expect((await repos.smartHome.getGrant(issued!.grant.id))!.state).toBe('revoked');
    });
  },
  { nowMs: clock.now },
);

// Dispatch rounds on both back ends: the stored plan passes the independent checker when its
// problem is rebuilt from the database, orders move ready → dispatched with events, and a second
// round keeps a started route while re-planning the rest.
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { configureDispatch } from '../../src/domain/dispatch-settings.js';
import { type DispatchSolve, runDispatchRound, type DispatchSummary } from '../../src/domain/dispatch.js';
import { recordStopEvent } from '../../src/domain/tracking.js';
import { jobsFor } from '../../src/jobs/index.js';
import { seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';
import { TestClock, addVans, readyOrders, recheckPlan } from './dispatch-fixtures.js';

const clock = new TestClock();

describeBackends(
  'dispatch rounds',
  (env) => {
    let w: World;
    let vans: string[];
    let first: DispatchSummary;
    let firstOrders: string[];

    beforeAll(async () => {
      const { ctx } = env();
      w = await seedWorld(env());
      configureDispatch(ctx, { solveTimeLimitMs: 1500, solveMaxIterations: 3000 });
      vans = await addVans(ctx, w.hubs.north, 2);
      firstOrders = await readyOrders(ctx, w, 6, clock.s);
    });

    it('plans the ready orders of a hub; the checker accepts the stored plan rebuilt from the database', async () => {
      const { ctx } = env();
      const teaBefore = (await ctx.store.repos.stock.get(w.hubs.north, w.products.tea))!;
      first = (await jobsFor(ctx).dispatch(w.hubs.north)) as DispatchSummary;
      expect(first.previousPlanId).toBeNull();
      expect([...first.assigned].sort()).toEqual([...firstOrders].sort());
      expect(first.unassigned).toEqual([]);
      expect(first.routes).toBeGreaterThanOrEqual(2); // 6 parcels, vans carry 3 each, the drone 1 per trip

      const { result, problem } = await recheckPlan(ctx, first.planId!);
      expect(result.violations).toEqual([]);
      expect(result.feasible).toBe(true);
      expect(result.unassigned).toEqual([]);
      expect(problem.jobs).toHaveLength(6);
      // The cost stored with the plan is the checker's.
      const plan = (await ctx.store.repos.plans.getPlan(first.planId!))!;
      expect((plan.cost as { total: number }).total).toBeCloseTo(result.cost.total, 6);

      for (const id of firstOrders) {
        const o = (await ctx.store.repos.orders.get(id))!;
        expect(o.state).toBe('dispatched');
        const events = (await ctx.store.repos.orders.events(id, { limit: 50 })).items;
        expect(events.at(-1)).toMatchObject({ fromState: 'ready', toState: 'dispatched' });
        expect(events.at(-1)!.reason).toContain(first.planId!);
        const outbox = (await ctx.store.repos.outbox.forAggregate(id)).map((e) => e.type);
        expect(outbox).toContain('order.dispatched');
        expect(outbox).toContain('order.eta_updated');
      }
      // Dispatch consumes the reserved units: six teas left the hub.
      const teaAfter = (await ctx.store.repos.stock.get(w.hubs.north, w.products.tea))!;
      expect([teaBefore.onHand - teaAfter.onHand, teaBefore.reserved - teaAfter.reserved]).toEqual([6, 6]);
    });

    it('a second round keeps a started route and re-plans the others with the new orders', async () => {
      const { ctx } = env();
      const repos = ctx.store.repos;
      const routes = await repos.plans.routesOfPlan(first.planId!);
      const stops = await repos.plans.stopsOfRoutes(routes.map((r) => r.id));
      // Start the route of a van: its first delivery reports "arrived".
      const started = routes.find((r) => vans.includes(r.vehicleId))!;
      const firstDelivery = stops.find((s) => s.routeId === started.id && s.kind === 'delivery')!;
      clock.advance(600);
      await recordStopEvent(ctx, SYSTEM_ACTOR, firstDelivery.id, { type: 'arrived' });
      const startedStopsBefore = stops.filter((s) => s.routeId === started.id);
      const others = routes.filter((r) => r.id !== started.id);
      const teaBefore = (await repos.stock.get(w.hubs.north, w.products.tea))!;

      const more = await readyOrders(ctx, w, 2, clock.s, 100);
      let request: Parameters<DispatchSolve>[0] | undefined;
      const second = await runDispatchRound(ctx, w.hubs.north, { solve: (r) => ((request = r), jobsFor(ctx).solve(r)) });
      expect(second.previousPlanId).toBe(first.planId);
      // The search was offered the re-planned routes as a warm start: each on its vehicle, its orders in stop order.
      const warm = request!.initialSolution!;
      const offered = warm.routes.map((r) => ({ vehicleId: request!.problem.vehicles[r.vehicle]!.id, orders: r.trips.flat().map((j) => request!.problem.jobs[j]!.id) }));
      const previousRoutes = routes.filter((r) => r.id !== started.id).map((r) => ({ vehicleId: r.vehicleId, orders: stops.filter((s) => s.routeId === r.id && s.kind === 'delivery').sort((a, b) => a.seq - b.seq).map((s) => s.orderId!) }));
      expect(offered.sort((a, b) => (a.vehicleId < b.vehicleId ? -1 : 1))).toEqual(previousRoutes.filter((r) => r.orders.length).sort((a, b) => (a.vehicleId < b.vehicleId ? -1 : 1)));
      expect(warm.unassigned.map((j) => request!.problem.jobs[j]!.id).sort()).toEqual([...more].sort());
      expect(second.keptRoutes).toEqual([started.id]);
      expect([...second.cancelledRoutes].sort()).toEqual(others.map((r) => r.id).sort());

      // The kept route is unchanged and now belongs to the new plan.
      const kept = (await repos.plans.getRoute(started.id))!;
      expect(kept.planId).toBe(second.planId!);
      expect(kept.state).toBe('started');
      // (ETAs move with tracking; the sequence, places, planned times and states do not.)
      const noEta = ({ eta: _eta, ...rest }: (typeof stops)[number]) => rest;
      expect((await repos.plans.stopsOfRoutes([started.id])).map(noEta)).toEqual(
        startedStopsBefore.map((s) => noEta(s.id === firstDelivery.id ? { ...s, state: 'arrived', arrivedAt: clock.s } : s)),
      );
      expect((await repos.plans.getPlan(first.planId!))!.state).toBe('superseded');
      for (const r of others) expect((await repos.plans.getRoute(r.id))!.state).toBe('cancelled');

      // The pool was the new orders plus the deliveries of the cancelled routes, never the kept route's.
      const keptOrders = startedStopsBefore.filter((s) => s.kind === 'delivery').map((s) => s.orderId!);
      const replannedOrders = stops.filter((s) => s.kind === 'delivery' && s.routeId !== started.id).map((s) => s.orderId!);
      const plan = (await repos.plans.getPlan(second.planId!))!;
      const stats = plan.stats as { orderIds: string[]; vehicleIds: string[] };
      expect([...stats.orderIds].sort()).toEqual([...more, ...replannedOrders].sort());
      expect(stats.vehicleIds).not.toContain(started.vehicleId);
      for (const id of keptOrders) expect(stats.orderIds).not.toContain(id);

      // The new routes pass the checker against the rebuilt problem of this round.
      const { result } = await recheckPlan(ctx, second.planId!, (id) => id !== started.id);
      expect(result.violations).toEqual([]);

      // Re-planned orders stayed dispatched (no second consumption); the two new ones were consumed once.
      const teaAfter = (await repos.stock.get(w.hubs.north, w.products.tea))!;
      const assignedNew = more.filter((id) => second.assigned.includes(id)).length;
      const droppedBack = replannedOrders.filter((id) => !second.assigned.includes(id)).length;
      expect(teaBefore.onHand - teaAfter.onHand).toBe(assignedNew - droppedBack);
      for (const id of second.assigned) expect((await repos.orders.get(id))!.state).toBe('dispatched');
      for (const id of second.unassigned) expect((await repos.orders.get(id))!.state).toBe('ready');
    });

    it('a round with nothing to plan stores nothing and keeps the current plan', async () => {
      const { ctx } = env();
      const r = await runDispatchRound(ctx, w.hubs.south, { solve: () => Promise.reject(new Error('must not solve')) });
      expect(r).toMatchObject({ planId: null, changed: false, routes: 0, assigned: [], unassigned: [], previousPlanId: null });
      expect(await ctx.store.repos.plans.activeForHub(w.hubs.south)).toBeUndefined();
    });

    it('of two rounds racing for one hub outside the queue, the second to commit is refused and changes nothing', async () => {
      const { ctx } = env();
      await readyOrders(ctx, w, 2, clock.s, 200);
      const slowEmpty = async (r: { problem: { jobs: unknown[] } }) => {
        await new Promise((res) => setTimeout(res, 300));
        return { solution: { routes: [], unassigned: r.problem.jobs.map((_, j) => j) }, iterations: 0, elapsedMs: 300 };
      };
      const before = (await ctx.store.repos.plans.activeForHub(w.hubs.north))!.id;
      const results = await Promise.allSettled([
        runDispatchRound(ctx, w.hubs.north, { solve: slowEmpty }),
        runDispatchRound(ctx, w.hubs.north, { solve: slowEmpty }),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect([won.length, lost.length]).toEqual([1, 1]);
      expect(lost[0]!.reason).toMatchObject({ code: 'conflict' });
      const after = (await ctx.store.repos.plans.activeForHub(w.hubs.north))!;
      expect(after.id).toBe((won[0] as PromiseFulfilledResult<DispatchSummary>).value.planId);
      expect((await ctx.store.repos.plans.getPlan(before))!.state).toBe('superseded');
    });

    it('refuses an unknown hub', async () => {
      const { ctx } = env();
      await expect(runDispatchRound(ctx, 'hub_nope', { solve: () => Promise.reject(new Error('no')) })).rejects.toMatchObject({ code: 'not_found' });
    });
  },
  { nowMs: clock.now },
);

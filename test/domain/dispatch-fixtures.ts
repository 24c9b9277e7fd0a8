// Shared by the dispatch/tracking tests: a controllable clock, a hub with vans, ready orders,
// and an independent re-check of a stored plan (rebuild its problem, read the stored stops
// back into a Solution, run the checker, compare the stored planned arrivals with its schedule).
import { expect } from 'vitest';
import { check, type CheckResult } from '../../src/engine/check.js';
import type { Problem, Solution } from '../../src/engine/model.js';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import type { DomainContext } from '../../src/domain/context.js';
import { buildDispatchProblem } from '../../src/domain/dispatch-problem.js';
import type { PlanStats } from '../../src/domain/dispatch.js';
import { createVehicle } from '../../src/domain/fleet.js';
import { placeOrderTx, transitionOrder } from '../../src/domain/orders.js';
import { addAddress } from '../../src/domain/customers.js';
import type { World } from '../service/fixtures.js';

/** 2026-11-27 (a Friday) 08:00 UTC: the test hubs are open 07:00–21:00 UTC every day. */
export const T0 = Date.parse('2026-11-27T08:00:00Z');

export class TestClock {
  ms = T0;
  now = () => this.ms;
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
  get s(): number {
    return Math.floor(this.ms / 1000);
  }
}

export async function addVans(ctx: DomainContext, hubId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = await createVehicle(ctx, SYSTEM_ACTOR, {
      hubId, kind: 'van', name: `Van ${i + 1}`, capacityG: 300_000, capacityVolumeCm3: 3_000_000, maxParcels: 3,
      speedMps: 12, rangeM: 150_000, costPerKmMinor: 30, costPerHourMinor: 2400,
    });
    ids.push(v.id);
  }
  return ids;
}

/** Places `n` orders for Alice at addresses spread around the north hub and moves them to ready. */
export async function readyOrders(ctx: DomainContext, w: World, n: number, nowS: number, seed = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = i + seed;
    const angle = (k * 137.5 * Math.PI) / 180;
    const r = 0.004 + 0.002 * (k % 5);
    const adr = await addAddress(ctx, SYSTEM_ACTOR, w.customers.alice, {
      label: null, line1: `${k} rue Test`, city: 'Lyon', postcode: '69004', country: 'FR',
      lon: 4.835 + r * Math.cos(angle), lat: 45.78 + 0.7 * r * Math.sin(angle), dropoff: 'door', dropoffNotes: null,
    });
    const placed = await ctx.store.transaction((tx) =>
      placeOrderTx(ctx, tx, SYSTEM_ACTOR, {
        customerId: w.customers.alice,
        addressId: adr.id,
        lines: [{ sku: 'TEA-100', quantity: 1 }],
        windowStart: nowS + 1800,
        windowEnd: nowS + 4 * 3600 + (k % 3) * 1800,
      }),
    );
    await transitionOrder(ctx, SYSTEM_ACTOR, placed.order.id, 'ready');
    ids.push(placed.order.id);
  }
  return ids;
}

export interface RecheckResult {
  problem: Problem;
  solution: Solution;
  result: CheckResult;
  /** Route ids in the order of solution.routes. */
  routeIds: string[];
}

/**
 * Rebuilds the plan's problem from stored records and checks the stored routes with the
 * independent checker. `routeFilter` selects which stored routes belong to this round's problem
 * (routes carried over from an earlier round were planned against that round's problem).
 */
export async function recheckPlan(ctx: DomainContext, planId: string, routeFilter: (routeId: string) => boolean = () => true): Promise<RecheckResult> {
  const repos = ctx.store.repos;
  const plan = (await repos.plans.getPlan(planId))!;
  const stats = plan.stats as PlanStats;
  const hub = (await repos.hubs.get(plan.hubId))!;
  const orders = [];
  for (const id of stats.orderIds) {
    const o = (await repos.orders.get(id))!;
    const a = (await repos.customers.getAddress(o.addressId))!;
    orders.push({ id: o.id, lon: a.lon, lat: a.lat, weightG: o.weightG, windowStart: o.windowStart, windowEnd: o.windowEnd, ...(stats.orderModes?.[id] ?? {}) });
  }
  const vehicles = [];
  for (const id of stats.vehicleIds) {
    const v = (await repos.vehicles.get(id))!;
    const drone = stats.droneVehicles?.[id];
    vehicles.push(drone ? { ...v, drone } : v);
  }
  const { problem } = buildDispatchProblem(hub, orders, vehicles, stats.settings, stats.origin);

  const routes = (await repos.plans.routesOfPlan(planId)).filter((r) => routeFilter(r.id));
  const stops = await repos.plans.stopsOfRoutes(routes.map((r) => r.id));
  const jobIndex = new Map(problem.jobs.map((j, i) => [j.id, i]));
  const solution: Solution = { routes: [], unassigned: [] };
  const served = new Set<number>();
  for (const r of routes) {
    const trips: number[][] = [];
    for (const s of stops.filter((x) => x.routeId === r.id && x.kind === 'delivery')) {
      while (trips.length < s.tripNo) trips.push([]);
      const j = jobIndex.get(s.orderId!);
      expect(j, `stop ${s.id} names an order outside the plan's problem`).toBeDefined();
      trips[s.tripNo - 1]!.push(j!);
      served.add(j!);
    }
    solution.routes.push({ vehicle: stats.vehicleIds.indexOf(r.vehicleId), trips: trips.filter((t) => t.length) });
  }
  problem.jobs.forEach((_, j) => {
    if (!served.has(j)) solution.unassigned.push(j);
  });
  const result = check(problem, solution);

  // The stored planned arrivals are the checker's schedule, shifted to epoch seconds.
  result.routes.forEach((sched, k) => {
    const own = stops.filter((s) => s.routeId === routes[k]!.id && s.kind === 'delivery');
    const jobSteps = sched.steps.filter((st) => st.type === 'job');
    expect(own.map((s) => s.plannedArrival)).toEqual(jobSteps.map((st) => stats.origin + Math.round(st.arrival)));
  });
  return { problem, solution, result, routeIds: routes.map((r) => r.id) };
}

// Dispatch rounds: per hub, plan the `ready` orders (and those on routes that have not started)
// onto the hub's available vehicles, keep routes that have started, store the plan with
// planned arrival times from the independent checker's schedule, and move orders
// ready → dispatched with an event each. The solve itself is injected (src/jobs runs it off the
// event loop); the engine stays pure and the domain only builds its Problem.
// Drones: a drone-mode order goes only to a drone still eligible for it at its planned time (else
// by van, with an order.mode_changed event, when the round has a van); van-mode orders only to
// vans; each drone sortie is stored as a flight plan in the plan's transaction (dispatch-drones.ts).
import { check, type CheckResult, type ScheduledStep } from '../engine/check.js';
import type { Problem, Solution } from '../engine/model.js';
import type { AddressRow, FlightPlanRow, HubRow, OrderLineRow, OrderRow, PlanRow, ProductRow, Repos, RouteRow, StopRow, VehicleRow } from '../store/index.js';
import { actorLabel, type Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { polishSolution } from './dispatch-repair.js';
import { warmStartSolution } from './dispatch-warm-start.js';
import { type DeferredOrder, type DroneExclusion, type DroneOrderFacts, droneInputOf, droneOrderFacts, droneOrderVerdict, planDroneFlights, plannableDrones } from './dispatch-drones.js';
import { buildDispatchProblem, type BuiltProblem, type DispatchDroneInput, type DispatchOrderInput, type DispatchVehicleInput, nextShift } from './dispatch-problem.js';
import { type DroneUnit, dronesAmong } from './drone-fleet.js';
import { type EligibilityReason, storedZones } from './drone-eligibility.js';
import type { NoFlyZone } from '../geo/zones.js';
import { dispatchSettings, type DispatchSettings, solveBudget } from './dispatch-settings.js';
import { DomainError, notFound } from './errors.js';
import { transitionOrdersTx } from './orders.js';
import { issueAccessGrantsForStops } from './smart-home/grants.js';
import { cancelFlightPlansForRoutes } from './airspace-flight-plans.js';

export const DISPATCH_ACTOR: Actor = { role: 'operator', subjectId: null, via: 'dispatch' };

/** What the round asks of the jobs layer: a solution within a budget (cost is judged by the checker here). */
export type DispatchSolve = (request: {
  problem: BuiltProblem['problem'];
  timeLimitMs: number;
  maxIterations?: number;
  seed?: number;
  /** The previous plan's re-planned routes in this problem's indices (a warm start for the search; see dispatch-warm-start.ts). */
  initialSolution?: Solution;
}) => Promise<{
  solution: Solution;
  iterations: number;
  elapsedMs: number;
}>;

/** A one-time access code for a smart-home drop-off, to hand to the vehicle (shown only in this answer). */
export interface IssuedAccess {
  orderId: string;
  vehicleId: string;
  grantId: string;
  deviceId: string;
  code: string;
  validFrom: number;
  validUntil: number;
}

export interface DispatchDeps {
  solve: DispatchSolve;
  settings?: DispatchSettings;
  /**
   * Plan as from this instant rather than now (never before now): a caller that commits the plan
   * some time after the round's snapshot (its solve takes that long) plans for the moment it takes effect.
   */
  planFromS?: number;
}

export interface DispatchSummary {
  hubId: string;
  /** The plan now active: a new one, or the previous one (null if none) when there was nothing to plan. */
  planId: string | null;
  /** False when the round had nothing to plan and stored nothing (timer ticks on a quiet hub). */
  changed: boolean;
  previousPlanId: string | null;
  routes: number;
  keptRoutes: string[];
  cancelledRoutes: string[];
  assigned: string[];
  unassigned: string[];
  late: string[];
  cost: CheckResult['cost'];
  solver: { iterations: number; elapsedMs: number };
  /** Smart-home grants issued for stops whose address has a device. */
  accessGrants: IssuedAccess[];
  /** Stored flight plans (one per sortie) of each new drone route. */
  flightPlans: Array<{ routeId: string; vehicleId: string; flightPlanIds: string[] }>;
  /** Drone-mode orders no drone could fly any more at their planned time: switched to van. */
  modeChanged: Array<{ orderId: string; reasons: EligibilityReason[] }>;
  /** Drone orders taken off a drone route this round (no launch slot, weather at launch…); they wait for the next round. */
  deferred: DeferredOrder[];
  /** Drones at the hub not planned this round, with why. */
  dronesExcluded: DroneExclusion[];
}

/** What a drone-mode order (or a profiled drone) added to the problem: stored so the problem can be rebuilt. */
export type StoredOrderMode = Pick<DispatchOrderInput, 'mode' | 'droneVehicleIds' | 'droneLegs' | 'launchNotBefore' | 'launchReloadS'>;

/** Stored with the plan so that its problem can be rebuilt and re-checked later. */
export interface PlanStats {
  origin: number;
  settings: Pick<DispatchSettings, 'vanSpeedMps' | 'serviceS' | 'droneMaxTrips' | 'droneReloadS'>;
  orderIds: string[];
  vehicleIds: string[];
  shift: { start: number; end: number } | null;
  late: string[];
  unassigned: string[];
  keptRoutes: string[];
  iterations: number;
  elapsedMs: number;
  feasible: boolean;
  /** Repair after the solver: jobs taken off rejected routes, and jobs placed that the solver left out. */
  repair: { dropped: number; inserted: number };
  /** Drone-mode orders' inputs (van-mode orders have none) and profiled drones' inputs, by id. */
  orderModes?: Record<string, StoredOrderMode>;
  droneVehicles?: Record<string, DispatchDroneInput>;
  modeChanged?: string[];
  deferred?: DeferredOrder[];
  /** Drone orders on this plan whose launch was delayed, by cause: 'no_launch_slot' (pads), 'no_charged_battery', 'no_charger_free'. */
  launchDelayedBy?: Record<string, string>;
}

const STARTED_STOP_STATES = new Set(['arrived', 'done', 'failed']);
const UNAVAILABLE_VEHICLE = new Set(['maintenance', 'offline']);

/** A route has started when it says so, when any stop saw the vehicle, or when its vehicle left. */
export function routeHasStarted(route: RouteRow, stops: StopRow[], vehicle: VehicleRow | undefined): boolean {
  if (route.state === 'started') return true;
  if (stops.some((s) => STARTED_STOP_STATES.has(s.state))) return true;
  return vehicle?.status === 'en_route';
}

async function allPages<T>(fetch: (afterId: string | undefined) => Promise<{ items: T[]; nextAfterId?: string }>): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  do {
    const page = await fetch(after);
    out.push(...page.items);
    after = page.nextAfterId;
  } while (after);
  return out;
}

/** Orders with their delivery coordinates (the address row's), read in one statement. */
async function withCoordinates(repos: Repos, orders: OrderRow[], addresses: ReadonlyMap<string, AddressRow>): Promise<DispatchOrderInput[]> {
  const out: DispatchOrderInput[] = [];
  for (const o of orders) {
    const a = addresses.get(o.addressId);
    if (!a) throw new DomainError('conflict', `order ${o.id} has no address`, { id: o.id });
    out.push({ id: o.id, lon: a.lon, lat: a.lat, weightG: o.weightG, windowStart: o.windowStart, windowEnd: o.windowEnd, mode: o.deliveryMode === 'drone' ? 'drone' : 'van' });
  }
  return out;
}

/**
 * When each drone of the hub is back from its stored sorties and turned around (only those still
 * busy after `origin`): a drone whose route is finished may still be flying home from its last
 * drop. Sorties of routes this round re-plans do not count (they are cancelled with their routes).
 */
async function dronesBackAt(repos: Repos, hubId: string, drones: readonly DroneUnit[], origin: number, replannedRouteIds: ReadonlySet<string>): Promise<Map<string, number>> {
  const turnaround = new Map(drones.map((u) => [u.vehicle.id, u.spec.turnaroundSeconds]));
  const backAt = new Map<string, number>();
  // Only sorties that end less than a turnaround before now can still keep a drone busy.
  const longestTurnaround = Math.max(0, ...turnaround.values());
  for (const p of await repos.flightPlans.padTimes(hubId, origin - longestTurnaround, origin + 2 * 86_400)) {
    if (!turnaround.has(p.vehicleId) || (p.routeId !== null && replannedRouteIds.has(p.routeId))) continue;
    const free = p.padUntil + turnaround.get(p.vehicleId)!;
    if (free > origin && free > (backAt.get(p.vehicleId) ?? -Infinity)) backAt.set(p.vehicleId, free);
  }
  return backAt;
}

export async function runDispatchRound(ctx: DomainContext, hubId: string, deps: DispatchDeps): Promise<DispatchSummary> {
  const settings = deps.settings ?? dispatchSettings(ctx);
  const repos = ctx.store.repos;
  const origin = Math.max(nowS(ctx), deps.planFromS ?? -Infinity);
  const hub = await repos.hubs.get(hubId);
  if (!hub) throw notFound('hub', hubId);

  // 1. What the current plan already committed: started routes stay, the rest is re-planned.
  const previous = await repos.plans.activeForHub(hubId);
  const vehicles = await repos.vehicles.forHub(hubId);
  const vehicleById = new Map(vehicles.map((v) => [v.id, v]));
  const kept: RouteRow[] = [];
  const replanned: RouteRow[] = [];
  const replannedStops: StopRow[] = [];
  if (previous) {
    const openRoutes = (await repos.plans.routesOfPlan(previous.id)).filter((r) => r.state === 'planned' || r.state === 'started');
    const stops = await repos.plans.stopsOfRoutes(openRoutes.map((r) => r.id));
    for (const r of openRoutes) {
      const own = stops.filter((s) => s.routeId === r.id);
      if (routeHasStarted(r, own, vehicleById.get(r.vehicleId))) kept.push(r);
      else {
        replanned.push(r);
        replannedStops.push(...own);
      }
    }
  }
  const busy = new Set(kept.map((r) => r.vehicleId));
  const candidates = vehicles.filter((v) => !busy.has(v.id) && !UNAVAILABLE_VEHICLE.has(v.status));
  // Drones fly only with a profile, out of maintenance, with enough battery.
  const { usable: usableDrones, excluded: dronesExcluded } = plannableDrones(
    vehicles.filter((v) => v.kind === 'drone' && !busy.has(v.id)),
    await dronesAmong(repos, vehicles),
    origin,
    settings.droneMinBatteryPct,
  );
  const droneUnitById = new Map(usableDrones.map((u) => [u.vehicle.id, u]));
  const fleet = candidates.filter((v) => v.kind !== 'drone' || droneUnitById.has(v.id));
  const droneBackAt = usableDrones.length ? await dronesBackAt(repos, hubId, usableDrones, origin, new Set(replanned.map((r) => r.id))) : new Map<string, number>();
  const fleetInputs: DispatchVehicleInput[] = fleet.map((v) => {
    const u = droneUnitById.get(v.id);
    if (!u) return v;
    const backAt = droneBackAt.get(v.id);
    return { ...v, drone: { ...droneInputOf(u), ...(backAt !== undefined ? { availableFrom: backAt } : {}) } };
  });

  // 2. The pool: ready orders plus the deliveries of routes being re-planned.
  const ready = await allPages((afterId) => repos.orders.list({ state: 'ready', hubId }, afterId ? { limit: 200, afterId } : { limit: 200 }));
  const replannedOrderIds = replannedStops.filter((s) => s.kind === 'delivery' && s.orderId).map((s) => s.orderId!);
  const fromReplanned = (await repos.orders.getMany(replannedOrderIds)).filter((o) => o.state === 'dispatched');
  const pool = [...ready, ...fromReplanned].sort((a, b) => (a.id < b.id ? -1 : 1));
  const addresses = await repos.customers.getAddresses(pool.map((o) => o.addressId));
  const orderInputs = await withCoordinates(repos, pool, addresses);
  const drone = await droneModes(ctx, repos, hub, pool, orderInputs, usableDrones, fleet.some((v) => v.kind !== 'drone'), origin, addresses);

  // 3. Solve (off the event loop, through the jobs layer) and judge with the independent checker.
  if (pool.length === 0) {
    // Nothing to plan: keep the current plan rather than store an identical one on every tick.
    return {
      hubId, planId: previous?.id ?? null, changed: false, previousPlanId: previous?.id ?? null, routes: kept.length + replanned.length,
      keptRoutes: [], cancelledRoutes: [], assigned: [], unassigned: [], late: [],
      cost: (previous?.cost as CheckResult['cost'] | undefined) ?? { fixed: 0, distance: 0, time: 0, penalty: 0, total: 0 },
      solver: { iterations: 0, elapsedMs: 0 }, accessGrants: [], flightPlans: [], modeChanged: [], deferred: [], dronesExcluded,
    };
  }
  const built = buildDispatchProblem(hub, orderInputs, fleetInputs, settings, origin);
  let problem: Problem = built.problem;
  let solution: Solution = { routes: [], unassigned: problem.jobs.map((_, j) => j) };
  let iterations = 0;
  let elapsedMs = 0;
  if (problem.jobs.length > 0 && problem.vehicles.length > 0) {
    const warm = warmStartSolution(problem, replanned.map((r) => ({ vehicleId: r.vehicleId, stops: replannedStops.filter((s) => s.routeId === r.id) })));
    const req: Parameters<DispatchSolve>[0] = { problem, ...solveBudget(settings, problem.jobs.length, warm?.unassigned.length) };
    if (warm) req.initialSolution = warm;
    const solved = await deps.solve(req);
    solution = solved.solution;
    iterations = solved.iterations;
    elapsedMs = solved.elapsedMs;
  }
  // A solver answer that breaks a rule, or leaves orders out, is repaired greedily: keep what
  // fits, place what can be placed, leave the rest for a later round.
  const polished = await polishSolution(problem, solution);
  solution = polished.solution;
  let checked = check(problem, solution);
  if (!checked.feasible) {
    throw new DomainError('dispatch_infeasible', `the solver's plan for hub ${hubId} fails the checker: ${checked.violations[0]}`, {
      violations: checked.violations.slice(0, 20),
    });
  }

  // 4. Store it, unless another round committed first.
  return ctx.store.transaction(async (tx) => {
    const now = nowS(ctx);
    await tx.plans.lockHub(hubId);
    const current = await tx.plans.activeForHub(hubId);
    if ((current?.id ?? null) !== (previous?.id ?? null)) {
      throw new DomainError('conflict', `another dispatch round for hub ${hubId} committed first; try again`, { hubId, planId: current?.id });
    }
    // Nothing may have started on the routes we are about to replace since we read them.
    const recheck = await tx.plans.stopsOfRoutes(replanned.map((r) => r.id));
    const freshRoutes = new Map((await tx.plans.getRoutes(replanned.map((r) => r.id))).map((r) => [r.id, r]));
    const freshVehicles = new Map((replanned.length ? await tx.vehicles.forHub(hubId) : []).map((v) => [v.id, v]));
    for (const r of replanned) {
      const fresh = freshRoutes.get(r.id);
      const v = freshVehicles.get(r.vehicleId);
      if (!fresh || routeHasStarted(fresh, recheck.filter((s) => s.routeId === r.id), v)) {
        throw new DomainError('conflict', `route ${r.id} started during the round; try again`, { routeId: r.id });
      }
    }

    // Drone-mode orders no drone can fly any more go by van (decided before the solve).
    for (const m of drone.modeChanged) {
      const o = pool.find((x) => x.id === m.orderId)!;
      await tx.quotes.attachToOrder(o.id, 'van', o.quoteId ?? '');
      await tx.outbox.append([
        {
          id: ctx.ids.next('obx'),
          type: 'order.mode_changed',
          aggregateType: 'order',
          aggregateId: o.id,
          payload: { orderId: o.id, customerId: o.customerId, hubId, from: 'drone', to: 'van', reasons: m.reasons.map((r) => ({ code: r.code, message: r.message })), at: now },
          createdAt: now,
        },
      ]);
    }
    // Sorties of replaced routes stop holding pads; the new drone routes get their flight plans.
    await cancelFlightPlansForRoutes(tx, replanned.map((r) => r.id));
    const routeIdByVehicle = new Map(solution.routes.map((r) => [r.vehicle, ctx.ids.next('rte')]));
    const droneByIndex = new Map<number, DroneUnit>();
    fleet.forEach((v, i) => {
      const u = droneUnitById.get(v.id);
      if (u) droneByIndex.set(i, u);
    });
    let flights: Awaited<ReturnType<typeof planDroneFlights>> | null = null;
    if (solution.routes.some((r) => droneByIndex.has(r.vehicle))) {
      flights = await planDroneFlights(ctx, tx, { hub, origin, problem, solution, drones: droneByIndex, facts: drone.facts, routeIdOf: (v) => routeIdByVehicle.get(v)! });
      problem = flights.problem;
      solution = flights.solution;
      for (const [id, t] of flights.launchNotBefore) drone.orderModes[id] = { ...drone.orderModes[id], launchNotBefore: t };
      for (const [id, s] of flights.launchReloadS) drone.orderModes[id] = { ...drone.orderModes[id], launchReloadS: s };
      checked = check(problem, solution);
      if (!checked.feasible) {
        throw new DomainError('dispatch_infeasible', `the plan for hub ${hubId} fails the checker after staggering drone launches: ${checked.violations[0]}`, { violations: checked.violations.slice(0, 20) });
      }
    }

    const planId = ctx.ids.next('pln');
    const stats: PlanStats = {
      origin,
      settings: { vanSpeedMps: settings.vanSpeedMps, serviceS: settings.serviceS, droneMaxTrips: settings.droneMaxTrips, droneReloadS: settings.droneReloadS },
      orderIds: pool.map((o) => o.id),
      vehicleIds: fleet.map((v) => v.id),
      shift: built.shift,
      late: built.late,
      unassigned: checked.unassigned.map((j) => problem.jobs[j]!.id),
      keptRoutes: kept.map((r) => r.id),
      iterations,
      elapsedMs: Math.round(elapsedMs),
      feasible: checked.feasible,
      repair: { dropped: polished.dropped, inserted: polished.inserted },
      orderModes: drone.orderModes,
      droneVehicles: Object.fromEntries(fleetInputs.filter((v) => v.drone).map((v) => [v.id, v.drone!])),
      modeChanged: drone.modeChanged.map((m) => m.orderId),
      deferred: flights?.deferred ?? [],
      ...(flights?.launchDelayedBy.size ? { launchDelayedBy: Object.fromEntries(flights.launchDelayedBy) } : {}),
    };
    const plan: PlanRow = { id: planId, hubId, state: 'active', cost: checked.cost, stats, createdAt: now };

    const orderById = new Map(pool.map((o) => [o.id, o]));
    const at = (t: number) => origin + Math.round(t);
    const newRoutes: RouteRow[] = [];
    const newStops: StopRow[] = [];
    const assignments: Array<{ order: OrderRow; route: RouteRow; stop: StopRow }> = [];
    for (const sched of checked.routes) {
      const vehicle = fleet[sched.vehicle]!;
      const first = sched.steps[0]!;
      const last = sched.steps.at(-1)!;
      const route: RouteRow = {
        id: routeIdByVehicle.get(sched.vehicle)!,
        planId,
        vehicleId: vehicle.id,
        state: 'planned',
        startAt: at(first.departure),
        endAt: at(last.arrival),
        distanceM: Math.round(sched.distance),
        durationS: Math.round(sched.duration),
      };
      newRoutes.push(route);
      let trip = 1;
      sched.steps.forEach((step: ScheduledStep, seq) => {
        if (step.type === 'reload') trip++;
        const [lon, lat] = problem.coordinates![step.location]!;
        const order = step.type === 'job' ? orderById.get(problem.jobs[step.job!]!.id)! : null;
        const stop: StopRow = {
          id: ctx.ids.next('stp'),
          routeId: route.id,
          tripNo: trip,
          seq,
          kind: step.type === 'start' ? 'depart' : step.type === 'job' ? 'delivery' : step.type === 'reload' ? 'reload' : 'return',
          orderId: order?.id ?? null,
          lon,
          lat,
          plannedArrival: at(step.type === 'start' ? step.departure : step.arrival),
          eta: at(step.type === 'start' ? step.departure : step.arrival),
          arrivedAt: null,
          departedAt: null,
          state: 'planned',
        };
        newStops.push(stop);
        if (order) assignments.push({ order, route, stop });
      });
    }
    await tx.plans.replacePlan({ plan, previousId: previous?.id ?? null, keptRouteIds: kept.map((r) => r.id), cancelledRouteIds: replanned.map((r) => r.id), routes: newRoutes, stops: newStops });

    // Orders: ready → dispatched; re-planned ones stay dispatched; dropped ones go back to ready.
    const assignedIds = new Set(assignments.map((a) => a.order.id));
    const etaEvents: Parameters<Repos['outbox']['append']>[0] = [];
    const reasons = new Map(assignments.map(({ order, route }) => [order.id, `plan ${planId}, route ${route.id}, vehicle ${route.vehicleId}`]));
    await transitionOrdersTx(ctx, tx, DISPATCH_ACTOR, assignments.filter((a) => a.order.state === 'ready').map((a) => a.order.id), 'dispatched', (id) => reasons.get(id)!);
    for (const { order, route, stop } of assignments) {
      etaEvents.push(
        {
          id: ctx.ids.next('obx'),
          type: 'order.eta_updated',
          aggregateType: 'order',
          aggregateId: order.id,
          payload: { orderId: order.id, customerId: order.customerId, hubId, planId, routeId: route.id, vehicleId: route.vehicleId, stopId: stop.id, plannedArrival: stop.plannedArrival, eta: stop.eta, at: now },
          createdAt: now,
        },
      );
    }
    // The ETA events keep their place in the outbox: before the dropped orders' and the grants' events,
    // else (the usual round) in the statement that announces the plan.
    const dropped = fromReplanned.filter((o) => !assignedIds.has(o.id)).map((o) => o.id);
    if (dropped.length && etaEvents.length) await tx.outbox.append(etaEvents.splice(0));
    await transitionOrdersTx(ctx, tx, DISPATCH_ACTOR, dropped, 'ready', () => `not in plan ${planId}`);
    // Smart-home drop-off: a one-time grant per device at the address, valid in the delivery window
    // (stretched to cover the planned arrival of a late order), for this vehicle only.
    const accessGrants: IssuedAccess[] = [];
    // Only orders with a device at their address, or a grant to replace, have anything to issue or revoke.
    const withDevice = await tx.smartHome.addressesWithActiveDevices(assignments.map((a) => a.order.addressId));
    const withGrant = await tx.smartHome.ordersWithIssuedGrants(assignments.map((a) => a.order.id));
    const grantWork = assignments.filter(({ order }) => withDevice.has(order.addressId) || withGrant.has(order.id));
    if (grantWork.length && etaEvents.length) await tx.outbox.append(etaEvents.splice(0));
    for (const { order, route, stop } of grantWork) {
      const arrival = stop.plannedArrival ?? order.windowStart;
      const window = { start: Math.min(order.windowStart, arrival), end: Math.max(order.windowEnd, arrival + settings.serviceS + 1800) };
      for (const g of await issueAccessGrantsForStops(ctx, tx, { orderId: order.id, vehicleId: route.vehicleId, window }, DISPATCH_ACTOR)) {
        accessGrants.push({ orderId: order.id, vehicleId: route.vehicleId, grantId: g.grant.id, deviceId: g.grant.deviceId, code: g.code, validFrom: g.grant.validFrom, validUntil: g.grant.validUntil });
      }
    }
    await tx.outbox.append([
      ...etaEvents,
      {
        id: ctx.ids.next('obx'),
        type: 'plan.created',
        aggregateType: 'plan',
        aggregateId: planId,
        payload: { planId, hubId, previousPlanId: previous?.id ?? null, routes: newRoutes.length + kept.length, assigned: assignments.length, unassigned: stats.unassigned.length, at: now },
        createdAt: now,
      },
    ]);
    await tx.audit.append({ id: ctx.ids.next('aud'), at: now, actor: actorLabel(DISPATCH_ACTOR), action: 'plan.create', entityType: 'plan', entityId: planId, details: { hubId, cost: checked.cost.total } });
    return {
      hubId,
      planId,
      changed: true,
      previousPlanId: previous?.id ?? null,
      routes: newRoutes.length + kept.length,
      keptRoutes: kept.map((r) => r.id),
      cancelledRoutes: replanned.map((r) => r.id),
      assigned: assignments.map((a) => a.order.id),
      unassigned: stats.unassigned,
      late: built.late,
      cost: checked.cost,
      solver: { iterations, elapsedMs: Math.round(elapsedMs) },
      accessGrants,
      flightPlans: [...(flights?.flightPlans ?? new Map<number, FlightPlanRow[]>())].map(([v, rows]) => ({ routeId: routeIdByVehicle.get(v)!, vehicleId: fleet[v]!.id, flightPlanIds: rows.map((r) => r.id) })),
      modeChanged: drone.modeChanged,
      deferred: flights?.deferred ?? [],
      dronesExcluded,
    };
  });
}

/**
 * Drone-mode orders: the eligibility rule at the planned time (the later of now, the shift start and
 * the window start) on this round's drones. Eligible ones carry their drones and leg times into the
 * problem; the others go by van when the round has a van (else they wait, with no vehicle allowed).
 * When the only obstacle is that no drone can be planned this round (all flying, charging, in
 * maintenance), the order waits for one rather than losing its drone slot to a passing shortage.
 */
async function droneModes(
  ctx: DomainContext,
  repos: Repos,
  hub: HubRow,
  pool: OrderRow[],
  inputs: DispatchOrderInput[],
  drones: DroneUnit[],
  hasVan: boolean,
  origin: number,
  addresses: ReadonlyMap<string, AddressRow>,
): Promise<{ facts: Map<string, DroneOrderFacts>; orderModes: Record<string, StoredOrderMode>; modeChanged: Array<{ orderId: string; reasons: EligibilityReason[] }> }> {
  const facts = new Map<string, DroneOrderFacts>();
  const orderModes: Record<string, StoredOrderMode> = {};
  const modeChanged: Array<{ orderId: string; reasons: EligibilityReason[] }> = [];
  const shift = nextShift(hub.openingHours, origin);
  let zones: NoFlyZone[] | undefined;
  const products = new Map<string, ProductRow>();
  const lines = new Map<string, OrderLineRow[]>();
  for (const l of await repos.orders.linesOfOrders(pool.filter((o) => o.deliveryMode === 'drone').map((o) => o.id))) {
    lines.set(l.orderId, [...(lines.get(l.orderId) ?? []), l]);
  }
  for (const [k, o] of pool.entries()) {
    if (o.deliveryMode !== 'drone') continue;
    const input = inputs[k]!;
    const f = await droneOrderFacts(repos, o, { addresses, products, lines });
    const atS = Math.max(origin, shift?.start ?? origin, o.windowStart);
    zones ??= await storedZones(repos);
    const verdict = await droneOrderVerdict(ctx, zones, hub, f, drones, atS);
    if (verdict.eligible) {
      facts.set(o.id, f);
      input.droneVehicleIds = verdict.vehicleIds;
      input.droneLegs = verdict.legs;
    } else if (hasVan && !verdict.reasons.every((r) => r.code === 'no_drone_available')) {
      input.mode = 'van';
      modeChanged.push({ orderId: o.id, reasons: verdict.reasons });
      continue;
    } else {
      input.droneVehicleIds = [];
    }
    orderModes[o.id] = { mode: 'drone', droneVehicleIds: input.droneVehicleIds!, ...(input.droneLegs ? { droneLegs: input.droneLegs } : {}) };
  }
  return { facts, orderModes, modeChanged };
}

export interface PlanView {
  plan: PlanRow;
  routes: Array<{ route: RouteRow; stops: StopRow[] }>;
}

/** The hub's active plan with its routes and stops (operators). */
export async function getActivePlan(ctx: DomainContext, hubId: string): Promise<PlanView> {
  const repos = ctx.store.repos;
  if (!(await repos.hubs.get(hubId))) throw notFound('hub', hubId);
  const plan = await repos.plans.activeForHub(hubId);
  if (!plan) throw new DomainError('not_found', `hub ${hubId} has no plan yet; POST /v1/hubs/${hubId}/dispatch`, { kind: 'plan', hubId });
  return loadPlan(repos, plan);
}

export async function loadPlan(repos: Repos, plan: PlanRow): Promise<PlanView> {
  const routes = await repos.plans.routesOfPlan(plan.id);
  const stops = await repos.plans.stopsOfRoutes(routes.map((r) => r.id));
  return { plan, routes: routes.map((route) => ({ route, stops: stops.filter((s) => s.routeId === route.id) })) };
}

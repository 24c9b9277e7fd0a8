// Drones in a dispatch round: which drones may be planned, which drone-mode orders may still fly
// (the domain eligibility rule at the planned time, with the weather then), their sortie leg
// times for the engine, and — inside the plan's transaction — one stored flight plan per sortie,
// with launches staggered so the hub's launch pads are never over-booked. The engine schedule
// (the independent checker's) stays authoritative: a staggered launch becomes a release date on
// the order's job, so the stored stops, the flight plans and a later re-check all agree.
import { check } from '../engine/check.js';
import { energyModelFor, type FlightPhase } from '../engine/drone/energy.js';
import { energyBudgetWh, type DroneSpec } from '../engine/drone/spec.js';
import type { Problem, Route, Solution, VehicleEnergy } from '../engine/model.js';
import type { AddressRow, FlightPlanRow, HubRow, OrderLineRow, OrderRow, ProductRow, Repos } from '../store/index.js';
import { createFlightPlansForRoute } from './airspace-flight-plans.js';
import { batteryPacksOf, chargeSeconds, chargeSession, type PackUse, packUse, packWaitCode, SPENT_PACK_HOLD_S } from './drone-charging.js';
import type { DomainContext } from './context.js';
import type { DispatchDroneInput, DroneLeg } from './dispatch-problem.js';
import { checkCapacity, type DroneUnit, earliestSlot, type Interval, maintenanceStatus } from './drone-fleet.js';
import { type DroneOption, type EligibilityReason, orderDroneEligibility, type ParcelItem, storedZones } from './drone-eligibility.js';
import { DomainError } from './errors.js';
import type { NoFlyZone } from '../geo/zones.js';
import { weatherProviderOf } from './weather.js';

/** Seconds added twice to the back leg (the drop time stays the model's): rounding and small wind differences between the planning hour and launch. */
export const DRONE_LEG_MARGIN_S = 10;

export interface DroneExclusion {
  vehicleId: string;
  reason: 'maintenance' | 'offline' | 'inspection_due' | 'battery_low' | 'no_profile';
}

/** Profiled drones that may fly this round; the others with the reason (not planned, not an error). */
export function plannableDrones(
  droneRows: ReadonlyArray<{ id: string; status: string; batteryPct: number | null }>,
  units: readonly DroneUnit[],
  atS: number,
  minBatteryPct: number,
): { usable: DroneUnit[]; excluded: DroneExclusion[] } {
  const byId = new Map(units.map((u) => [u.vehicle.id, u]));
  const usable: DroneUnit[] = [];
  const excluded: DroneExclusion[] = [];
  for (const row of droneRows) {
    const u = byId.get(row.id);
    if (!u) excluded.push({ vehicleId: row.id, reason: 'no_profile' });
    else if (row.status === 'maintenance' || row.status === 'offline') excluded.push({ vehicleId: row.id, reason: row.status });
    else if (maintenanceStatus(u.profile, atS).due) excluded.push({ vehicleId: row.id, reason: 'inspection_due' });
    else if (row.batteryPct !== null && row.batteryPct < minBatteryPct) excluded.push({ vehicleId: row.id, reason: 'battery_low' });
    else usable.push(u);
  }
  return { usable, excluded };
}

/** The engine's view of a profiled drone: type, payload in grams, hub time between sorties, battery. */
export const droneInputOf = (u: DroneUnit): DispatchDroneInput => ({
  specId: u.spec.id,
  payloadG: Math.round(u.spec.maxPayloadKg * 1000),
  reloadS: u.spec.turnaroundSeconds,
  energy: droneBatteryOf(u.spec),
  betweenDrops: betweenDropsOf(u.spec),
});

const PHASES: readonly FlightPhase[] = ['cruise', 'climb', 'descent', 'hover'];

/**
 * A drone's battery for the engine's rule (energy of a leg = t·(perLoad·grams on board + base)),
 * fitted so that a trip the rule accepts is one the physical sortie model accepts on the same leg
 * times: base = the highest draw of any flight phase empty, perLoad = the steepest chord over the
 * payload range (power is convex in the payload, so the chord lies above it). The legs' times
 * (sortie model, wind included) also hold ground handling the battery does not pay: launch,
 * recovery and the legs' margins; their empty draw is added to the budget, less the payload share
 * of a drop hover longer than the launch (the rule counts a hover after the parcel is dropped).
 * Cruise power does not depend on the wind in these models (airspeed is fixed); the wind acts on
 * the leg times, which the sortie model computed for the planned hour.
 */
export function droneBatteryOf(spec: DroneSpec): VehicleEnergy {
  const model = energyModelFor(spec);
  const power = (kg: number, phase: FlightPhase) => model.powerW(spec, kg, phase, phase === 'cruise' ? spec.cruiseAirspeedMps : 0);
  const base = Math.max(...PHASES.map((p) => power(0, p)));
  const perKg = spec.maxPayloadKg > 0 ? Math.max(...PHASES.map((p) => (power(spec.maxPayloadKg, p) - power(0, p)) / spec.maxPayloadKg)) : 0;
  const handlingS = spec.launchSeconds + spec.recoverySeconds + 2 * DRONE_LEG_MARGIN_S;
  const allowance = base * handlingS - perKg * spec.maxPayloadKg * Math.max(0, spec.hoverSecondsPerDelivery - spec.launchSeconds);
  return { budget: energyBudgetWh(spec) * 3600 + Math.max(0, allowance), base, perLoad: perKg / 1000, dimension: 0 };
}

/** Drop-to-drop legs of a multi-drop trip: hover at the drop, climb and descent, cruise against the strongest wind the drone flies in. */
export function betweenDropsOf(spec: DroneSpec): { fixedS: number; groundSpeedMps: number } {
  const up = Math.max(0, spec.cruiseAltitudeM - spec.deliveryAltitudeM);
  return {
    fixedS: spec.hoverSecondsPerDelivery + up / spec.climbMps + up / spec.descentMps + DRONE_LEG_MARGIN_S,
    groundSpeedMps: Math.max(1, spec.cruiseAirspeedMps - spec.maxWindMps),
  };
}

/** Deferral codes that mean the physical model (battery, wind) refused a planned sortie. */
const PHYSICAL_REFUSALS = new Set(['flight_infeasible', 'battery_insufficient', 'headwind_too_strong', 'crosswind_too_strong', 'wind_above_limit']);

/** Sorties the safety net (the physical model at launch) had to take off the solver's plan. */
export function safetyNetRepairs(deferred: readonly DeferredOrder[]): number {
  return deferred.filter((d) => PHYSICAL_REFUSALS.has(d.code)).length;
}

/** Leg times per drone type from the eligibility options, split at the drop (see DroneLeg). */
export function droneLegsOf(options: readonly DroneOption[]): Record<string, DroneLeg> {
  const legs: Record<string, DroneLeg> = {};
  for (const o of options) {
    if (!o.eligible || !o.sortie) continue;
    const out = o.sortie.launchS + o.sortie.outboundS;
    legs[o.specId] = {
      outS: Math.ceil(out),
      backS: Math.ceil(o.sortie.durationS - out) + 2 * DRONE_LEG_MARGIN_S,
      distanceM: Math.round(o.sortie.distanceM),
    };
  }
  return legs;
}

/** What the round needs to know about one drone-mode order. */
export interface DroneOrderFacts {
  orderId: string;
  drop: [number, number];
  dropoff: string;
  items: ParcelItem[];
}

export type DroneOrderVerdict =
  | { eligible: true; atS: number; vehicleIds: string[]; legs: Record<string, DroneLeg> }
  | { eligible: false; atS: number; reasons: EligibilityReason[] };

/** Rows a round has already read (addresses of its pool) or reads once for all its orders (products). */
export interface FactsCache {
  addresses?: ReadonlyMap<string, AddressRow>;
  products?: Map<string, ProductRow>;
  /** Lines of the round's orders, read in one statement. */
  lines?: ReadonlyMap<string, OrderLineRow[]>;
}

/** Gathers what eligibility needs about an order: drop, drop-off preference and parcel items. */
export async function droneOrderFacts(repos: Repos, order: OrderRow, cache: FactsCache = {}): Promise<DroneOrderFacts> {
  const address = cache.addresses?.get(order.addressId) ?? (await repos.customers.getAddress(order.addressId));
  if (!address) throw new DomainError('conflict', `order ${order.id} has no address`, { id: order.id });
  const lines = cache.lines?.get(order.id) ?? (await repos.orders.lines(order.id));
  const items: ParcelItem[] = [];
  for (const l of lines) {
    let p = cache.products?.get(l.productId);
    if (!p) {
      p = await repos.products.get(l.productId);
      if (p) cache.products?.set(p.id, p);
    }
    if (!p) throw new DomainError('conflict', `order ${order.id} names a missing product ${l.productId}`, { id: order.id });
    items.push({ weightG: p.weightG, lengthMm: p.lengthMm, widthMm: p.widthMm, heightMm: p.heightMm, quantity: l.quantity });
  }
  return { orderId: order.id, drop: [address.lon, address.lat], dropoff: address.dropoff, items };
}

/**
 * The domain rule at planning time: may the order still fly, and on which of this round's drones?
 * Evaluated with the weather at `atS` (the planned time: the later of now and the window start).
 */
export async function droneOrderVerdict(ctx: DomainContext, zones: readonly NoFlyZone[], hub: HubRow, facts: DroneOrderFacts, drones: readonly DroneUnit[], atS: number): Promise<DroneOrderVerdict> {
  const weather = await weatherProviderOf(ctx).conditionsAt(hub.id, atS);
  const e = orderDroneEligibility({
    hub: [hub.lon, hub.lat],
    drop: facts.drop,
    dropoff: facts.dropoff,
    items: facts.items,
    atS,
    weather,
    zones,
    drones: drones.map((u) => ({ vehicleId: u.vehicle.id, spec: u.spec, bay: u.bay })),
  });
  if (!e.eligible) return { eligible: false, atS, reasons: e.reasons };
  const legs = droneLegsOf(e.options);
  const vehicleIds = drones.filter((u) => legs[u.spec.id] !== undefined).map((u) => u.vehicle.id);
  return { eligible: true, atS, vehicleIds, legs };
}

// ---------------------------------------------------------------- flight plans with pads

export interface DeferredOrder {
  orderId: string;
  code: string;
  message: string;
}

export interface DroneFlightsInput {
  hub: HubRow;
  origin: number;
  problem: Problem;
  solution: Solution;
  /** Engine vehicle index → the drone flying it (profiled drones only). */
  drones: Map<number, DroneUnit>;
  facts: Map<string, DroneOrderFacts>;
  routeIdOf: (vehicle: number) => string;
}

export interface DroneFlightsResult {
  problem: Problem;
  solution: Solution;
  /** Engine vehicle index → its stored flight plans (one per trip). */
  flightPlans: Map<number, FlightPlanRow[]>;
  /** Orders taken off a drone route this round (no launch slot, weather at launch, no path); they stay drone orders. */
  deferred: DeferredOrder[];
  /** Job releases (epoch seconds) raised to stagger launches, by order id. */
  launchNotBefore: Map<string, number>;
  /** Least time at the hub before a sortie (s), by order id of its first drop: the drone's own earlier packs still charging. */
  launchReloadS: Map<string, number>;
  /** Why each of those launches was delayed: 'no_launch_slot' (pads), 'no_charged_battery' or 'no_charger_free'. */
  launchDelayedBy: Map<string, string>;
}

const delayReason = (code: string, hub: HubRow): string =>
  code === 'no_charged_battery' ? 'no charged battery pack' : code === 'no_charger_free' ? `no charger free (${hub.chargers} chargers)` : `no launch pad free (${hub.launchPads} pads)`;

/** Iterations of the pad fix-point per route before the remaining conflicting order is deferred. */
const MAX_STAGGER_STEPS = 200;
/** Landing is estimated from padded legs: widen its pad use so the real landing falls inside. */
const LANDING_SLACK_S = 4 * DRONE_LEG_MARGIN_S + 30;

function routeSchedule(problem: Problem, route: Route) {
  const jobs = route.trips.flat();
  const local = new Map(jobs.map((j, k) => [j, k]));
  const sub: Problem = { ...problem, jobs: jobs.map((j) => problem.jobs[j]!) };
  const r = check(sub, { routes: [{ vehicle: route.vehicle, trips: route.trips.map((t) => t.map((j) => local.get(j)!)) }], unassigned: [] });
  return { feasible: r.feasible, steps: r.routes[0]?.steps ?? [] };
}

/** Launch time (epoch s) of each trip: the start or reload step's departure. */
function tripLaunches(origin: number, steps: ReturnType<typeof routeSchedule>['steps']): number[] {
  return steps.filter((s) => s.type === 'start' || s.type === 'reload').map((s) => origin + Math.round(s.departure));
}

/** Return time (epoch s) of each trip, landing and recovery included: the next reload or end step's arrival. */
function tripReturns(origin: number, steps: ReturnType<typeof routeSchedule>['steps']): number[] {
  return steps.filter((s) => s.type === 'reload' || s.type === 'end').map((s) => origin + Math.ceil(s.arrival));
}

/**
 * Energy (Wh) a trip draws by the engine's battery rule (leg time × (perLoad·payload + base)), an
 * upper bound of the physical sortie's (see droneBatteryOf): sizes the charge session while
 * launches are placed; the stored session uses the flight plan's energy.
 */
function tripEnergyWh(problem: Problem, vehicle: number, trip: readonly number[], spec: DroneSpec): number {
  const v = problem.vehicles[vehicle]!;
  const e = v.energy;
  const dur = problem.matrices[v.profile]?.duration;
  if (!e || !dur || v.start === null) return energyBudgetWh(spec);
  const n = problem.locationCount;
  let payload = 0;
  for (const j of trip) payload += problem.jobs[j]!.demand[e.dimension] ?? 0;
  let here = v.start;
  let joules = 0;
  for (const j of trip) {
    const to = problem.jobs[j]!.location;
    joules += dur[here * n + to]! * (e.perLoad * payload + e.base);
    payload -= problem.jobs[j]!.demand[e.dimension] ?? 0;
    here = to;
  }
  joules += dur[here * n + v.start]! * e.base;
  return joules / 3600;
}

/** Pad uses of a sortie estimated from its legs: launch handling, then landing and recovery. */
function padUses(u: DroneUnit, leg: DroneLeg, launchAt: number): Interval[] {
  const end = launchAt + leg.outS + leg.backS;
  return [
    { from: launchAt, until: launchAt + u.spec.launchSeconds },
    { from: Math.max(launchAt + u.spec.launchSeconds, end - u.spec.recoverySeconds - LANDING_SLACK_S), until: end },
  ];
}

/**
 * Stores one flight plan per drone sortie inside the plan's transaction. Per drone route: find
 * launch times that keep the pads within the hub's count (estimated from the legs, against plans
 * already stored) and that find a charged battery pack (drone-charging.ts: each earlier sortie's
 * pack charges from its return on the first hub charger free, for a session sized by the trip's
 * energy; the drone rotates `batteryPacks` packs), delaying a conflicting launch by raising its
 * job's release and re-scheduling; an order whose delayed launch breaks its window or the shift,
 * whose weather at launch forbids flying, or whose sortie the flight planner refuses, is taken off
 * the route for the next round (code 'no_launch_slot', 'no_charged_battery' or 'no_charger_free'
 * for the delays).
 */
export async function planDroneFlights(ctx: DomainContext, tx: Repos, input: DroneFlightsInput): Promise<DroneFlightsResult> {
  const { hub, origin, facts } = input;
  const problem: Problem = { ...input.problem, jobs: input.problem.jobs.slice() };
  const routes = input.solution.routes.map((r) => ({ vehicle: r.vehicle, trips: r.trips.map((t) => t.slice()) }));
  const unassigned = input.solution.unassigned.slice();
  const deferred: DeferredOrder[] = [];
  const launchNotBefore = new Map<string, number>();
  const launchReloadS = new Map<string, number>();
  const launchDelayedBy = new Map<string, string>();
  const flightPlans = new Map<number, FlightPlanRow[]>();
  const stored = await tx.flightPlans.padTimes(hub.id, origin, origin + 3 * 86_400);
  const busy: Interval[] = stored.flatMap((p) => [
    { from: p.padFrom, until: p.takeoffAt },
    { from: p.landAt, until: p.padUntil },
  ]);
  // Charge sessions running at the hub and each drone's packs away (flying or charging), stored plans first.
  const charging: Interval[] = [];
  const packsAway = new Map<string, PackUse[]>();
  const addCharges = (plans: ReadonlyArray<Parameters<typeof packUse>[0] & { vehicleId: string }>) => {
    for (const p of plans) {
      if (p.chargeFrom !== null && p.chargeUntil !== null) charging.push({ from: p.chargeFrom, until: p.chargeUntil });
      const list = packsAway.get(p.vehicleId) ?? [];
      list.push(packUse(p, hub.chargers));
      packsAway.set(p.vehicleId, list);
    }
  };
  addCharges(await tx.flightPlans.chargeTimes(hub.id, origin, origin + 3 * 86_400, hub.chargers > 0 ? 0 : SPENT_PACK_HOLD_S));
  const zones = await storedZones(tx);

  const defer = (route: Route, j: number, code: string, message: string) => {
    route.trips = route.trips.map((t) => t.filter((x) => x !== j)).filter((t) => t.length);
    unassigned.push(j);
    deferred.push({ orderId: problem.jobs[j]!.id, code, message });
  };
  const legOf = (u: DroneUnit, j: number): DroneLeg => {
    const v = problem.matrices[`drone:${u.spec.id}`]!;
    const n = problem.locationCount;
    const loc = problem.jobs[j]!.location;
    return { outS: v.duration[loc]!, backS: v.duration[loc * n]!, distanceM: v.distance[loc]! + v.distance[loc * n]! };
  };

  // Routes with more trips have the least slack: they book pads first, so a single sortie that
  // can wait is the one delayed (ties keep the solver's order).
  const byTrips = routes.map((r, i) => ({ r, i })).sort((a, b) => b.r.trips.length - a.r.trips.length || a.i - b.i);
  for (const { r: route } of byTrips) {
    const unit = input.drones.get(route.vehicle);
    if (!unit) continue;
    for (let attempt = 0; route.trips.length > 0; attempt++) {
      // 1. Pad fix-point: delay the first launch that would over-book the pads.
      let steps = 0;
      let launches: number[] = [];
      for (;;) {
        const sched = routeSchedule(problem, route);
        launches = tripLaunches(origin, sched.steps);
        if (!sched.feasible) {
          // The last delay pushed this order past its window or the shift: next round.
          const j = [...launchDelayedBy.keys()].map((id) => problem.jobs.findIndex((x) => x.id === id)).find((k) => route.trips.some((t) => t.includes(k)));
          const victim = j ?? route.trips.at(-1)![0]!;
          const code = launchDelayedBy.get(problem.jobs[victim]!.id) ?? 'no_launch_slot';
          defer(route, victim, code, `${delayReason(code, hub)} in time at hub ${hub.id}`);
          launchNotBefore.delete(problem.jobs[victim]!.id);
          launchReloadS.delete(problem.jobs[victim]!.id);
          launchDelayedBy.delete(problem.jobs[victim]!.id);
          if (route.trips.length === 0) break;
          continue;
        }
        let conflict: { trip: number; until: number; code: string; own: boolean } | null = null;
        const mine: Interval[] = [];
        const mySessions: Interval[] = [];
        const myPacks: PackUse[] = [];
        const returns = tripReturns(origin, sched.steps);
        for (let k = 0; k < route.trips.length && !conflict; k++) {
          const launch = launches[k]!;
          const leg = legOf(unit, route.trips[k]![0]!);
          const uses = padUses(unit, leg, launch);
          const c = checkCapacity(hub.launchPads, [...busy, ...mine, ...uses]);
          if (!c.ok) {
            conflict = { trip: k, until: Math.max(launch + 1, c.conflicts[0]!.until), code: 'no_launch_slot', own: false };
            break;
          }
          mine.push(...uses);
          // A charged pack: this sortie's pack is away from launch until its session ends.
          const back = returns[k] ?? launch + leg.outS + leg.backS;
          const session = chargeSession(hub.chargers, [...charging, ...mySessions], back, chargeSeconds(unit.spec, tripEnergyWh(problem, route.vehicle, route.trips[k]!, unit.spec)));
          const pack: PackUse = { from: launch, until: session?.until ?? (hub.chargers > 0 ? back : launch + SPENT_PACK_HOLD_S), waited: session !== null && session.from > back };
          const before = (packsAway.get(unit.vehicle.id) ?? []).filter((u) => u.until > launch);
          const away = [...before, ...myPacks.filter((u) => u.until > launch)];
          const free = earliestSlot(batteryPacksOf(unit.spec), away, launch, pack.until - pack.from)!;
          if (free > launch) {
            // Waiting for this route's own packs is a longer stay at the hub after the previous
            // sortie (a release would be undone by the checker shifting the whole route later).
            const own = k > 0 && free > earliestSlot(batteryPacksOf(unit.spec), before, launch, pack.until - pack.from)!;
            conflict = { trip: k, until: free, code: packWaitCode(away, launch), own };
            break;
          }
          if (session) mySessions.push(session);
          myPacks.push(pack);
        }
        if (!conflict) break;
        const j = route.trips[conflict.trip]![0]!;
        if (++steps > MAX_STAGGER_STEPS || hub.launchPads <= 0) {
          const code = hub.launchPads <= 0 ? 'no_launch_slot' : conflict.code;
          defer(route, j, code, `${delayReason(code, hub)} at hub ${hub.id}`);
          if (route.trips.length === 0) break;
          continue;
        }
        const job = problem.jobs[j]!;
        if (conflict.own) {
          const reload = sched.steps.filter((s) => s.type === 'reload')[conflict.trip - 1]!;
          const reloadBefore = Math.max(job.reloadBefore ?? 0, Math.ceil(conflict.until - (origin + reload.arrival)));
          problem.jobs[j] = { ...job, reloadBefore };
          launchReloadS.set(job.id, reloadBefore);
        } else {
          const release = Math.max(job.release, conflict.until - origin);
          problem.jobs[j] = { ...job, release };
          launchNotBefore.set(job.id, origin + release);
        }
        launchDelayedBy.set(job.id, conflict.code);
      }
      if (route.trips.length === 0) break;

      // 2. The weather and zones at each actual launch (the planning hour may differ).
      let refused = false;
      for (let k = 0; k < route.trips.length; k++) {
        const j = route.trips[k]![0]!;
        const f = facts.get(problem.jobs[j]!.id)!;
        const weather = await weatherProviderOf(ctx).conditionsAt(hub.id, launches[k]!);
        const e = orderDroneEligibility({ hub: [hub.lon, hub.lat], drop: f.drop, dropoff: f.dropoff, items: f.items, atS: launches[k]!, weather, zones, drones: [{ vehicleId: unit.vehicle.id, spec: unit.spec, bay: unit.bay }] });
        if (!e.eligible) {
          defer(route, j, e.reasons[0]?.code ?? 'not_eligible', `at launch ${new Date(launches[k]! * 1000).toISOString()}: ${e.reasons[0]?.message ?? 'the drone may not fly'}`);
          refused = true;
          break;
        }
      }
      if (refused) continue;

      // 3. Store the sorties (all or nothing); a refusal names the sortie that failed, which waits.
      try {
        const rows = await createFlightPlansForRoute(ctx, tx, {
          hubId: hub.id,
          vehicleId: unit.vehicle.id,
          routeId: input.routeIdOf(route.vehicle),
          sorties: route.trips.map((trip, k) => ({
            tripNo: k + 1,
            launchAt: launches[k]!,
            drops: trip.map((j) => {
              const f = facts.get(problem.jobs[j]!.id)!;
              return { orderId: f.orderId, lon: f.drop[0], lat: f.drop[1], parcelG: problem.jobs[j]!.demand[0]! };
            }),
          })),
          enforcePads: true,
          known: { hub, unit, zones },
        });
        flightPlans.set(route.vehicle, rows);
        for (const p of rows) busy.push({ from: p.padFrom, until: p.takeoffAt }, { from: p.landAt, until: p.padUntil });
        addCharges(rows);
        break;
      } catch (err) {
        if (!(err instanceof DomainError) || attempt > route.trips.length + 2) throw err;
        const details = (err.details ?? {}) as { tripNo?: number; conflicts?: Interval[] };
        let k = details.tripNo !== undefined ? details.tripNo - 1 : -1;
        if (k < 0 && details.conflicts?.length) {
          const at = details.conflicts[0]!.from;
          k = Math.max(0, launches.filter((t) => t <= at).length - 1);
        }
        if (k < 0) k = route.trips.length - 1;
        defer(route, route.trips[k]![0]!, err.code, err.message);
      }
    }
  }
  for (const d of deferred) {
    launchDelayedBy.delete(d.orderId);
    launchReloadS.delete(d.orderId);
  }
  return { problem, solution: { routes: routes.filter((r) => r.trips.length), unassigned: unassigned.sort((a, b) => a - b) }, flightPlans, deferred, launchNotBefore, launchReloadS, launchDelayedBy };
}

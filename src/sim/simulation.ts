// One simulated run: an event loop over simulated time. Orders arrive through the domain's order
// intake following the demand curve; each hub runs a dispatch round on a timer; the fleet player
// drives and flies the trips and reports each hand-over (delivered / failed) through the domain's
// order transitions. The domain reads the same simulated clock (DomainContext.nowMs).
import type { Actor } from '../domain/actor.js';
import { SYSTEM_ACTOR } from '../domain/actor.js';
import type { DomainContext } from '../domain/context.js';
import { DomainError } from '../domain/errors.js';
import { getActivePlan, runDispatchRound, type DispatchSolve, type DispatchSummary } from '../domain/dispatch.js';
import { configureDispatch } from '../domain/dispatch-settings.js';
import type { VehicleStatus } from '../domain/fleet.js';
import { setWeatherProvider, staticWeatherProvider, type WeatherConditions } from '../domain/weather.js';
import { placeOrderIdempotent } from '../domain/order-intake.js';
import { listOrders, transitionOrdersTx } from '../domain/orders.js';
import { createQuote } from '../domain/quotes.js';
import { getVehicleRoute, recordStopEvent, recordTelemetry, type FailureReason } from '../domain/tracking.js';
import type { Problem, SolveOptions } from '../engine/model.js';
import { solve, type SolveResult } from '../engine/solve.js';
import { SolverThread, type ThreadSolveResult } from '../jobs/solver-thread.js';
import { prepareAirspace, type PreparedAirspace } from '../geo/detour.js';
import type { NoFlyZone } from '../geo/zones.js';
import type { OrderRow, StopRow } from '../store/index.js';
import { EventQueue, type SimClock } from './clock.js';
import { alongPath, type Drop, droneTrip, type TripTimeline, vanTrip } from './player.js';
import { cumulativeWeights, intBetween, pickWeighted, poisson, rng, type Rng } from './random.js';
import { emptyRecord, type Mode, type SimRecord } from './recorder.js';
import type { HourWeather, Scenario } from './scenario/schema.js';
import { SupplierPlayer, type SupplierEvent } from './suppliers.js';
import type { SimHub, SimVehicle, World } from './world.js';

export interface SimulationOptions {
  seed: number;
  hours: number;
  /** Simulated seconds per wall-clock second; Infinity = as fast as possible. */
  speed: number;
  /** Called with the simulated time now and then (at most once per simulated minute). */
  onProgress?: (simS: number, record: SimRecord) => void;
  /** Wall clock for pacing a live run (injected for tests). */
  wallMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Checked between events; true stops the run early (Ctrl-C on a live demo). */
  stopRequested?: () => boolean;
  /** Called with each round's solver input and answer (bench:sim --dump-problems writes them out to profile the solver). */
  onSolve?: (round: { round: number; hubId: string; simS: number; problem: Problem; options: SolveOptions; result: SolveResult; ms: number }) => void;
  /**
   * Where the rounds' solves run: 'thread' (default), a worker thread beside the event loop, or
   * 'inline', on the event loop. Same answers either way (iteration budgets and seeds, no clocks).
   */
  solver?: 'thread' | 'inline';
}

type SimEvent =
  | { kind: 'demand-hour' }
  | { kind: 'order'; addressIndex: number; lines: Array<{ sku: string; quantity: number }> }
  | { kind: 'dispatch'; hub: SimHub }
  | { kind: 'dispatch-commit'; hub: SimHub }
  | { kind: 'route-start'; vehicle: SimVehicle; routeId: string; stops: StopRow[]; resume?: boolean }
  | { kind: 'handover'; vehicle: SimVehicle; drop: Drop; forced?: 'not_flyable' }
  | { kind: 'trip-end'; vehicle: SimVehicle; trip: ActiveTrip }
  | { kind: 'route-end'; vehicle: SimVehicle; route: ActiveRoute }
  | { kind: 'telemetry'; vehicle: SimVehicle; route: ActiveRoute }
  | { kind: 'supplier'; event: SupplierEvent };

interface ActiveTrip {
  departAt: number;
  timeline: TripTimeline;
}

interface ActiveRoute {
  id: string;
  departAt: number;
  /** When the vehicle is back and ready after its last trip. */
  endAt: number;
  trips: ActiveTrip[];
  /** Hand-overs still to come; position reports stop after the last one (see telemetry()). */
  pending: number;
}

interface VehicleState {
  readyAt: number;
  batteryPct: number;
  route: ActiveRoute | null;
}

/** What the player remembers of an order it placed (the customer's side of it). */
interface OrderInfo {
  id: string;
  hubId: string;
  weightG: number;
  dropoff: string;
  placedAt: number;
  windowStart: number;
  windowEnd: number;
}

/** A hub's round between its snapshot and its commit: the solve is under way, the round waits for it. */
interface PendingRound {
  roundNo: number;
  issuedAt: number;
  commitAt: number;
  problem: Problem;
  options: SolveOptions;
  solved: Promise<ThreadSolveResult>;
  /** Hands the solver's answer to the waiting round (runDispatchRound then checks and commits). */
  release: (answer: Awaited<ReturnType<DispatchSolve>>) => void;
  round: Promise<DispatchSummary>;
}

/** Refusals of a cited quote at order time (the customer then orders without one, by van). */
const QUOTE_REFUSALS = new Set(['quote_expired', 'quote_mismatch', 'quote_not_found', 'quote_stale', 'mode_not_eligible']);

/** The operator principal the simulated hub staff act as. */
const SIM_OPERATOR: Actor = { ...SYSTEM_ACTOR, via: 'sim' };

export class Simulation {
  readonly record: SimRecord;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly startS: number;
  private readonly endS: number;
  private readonly demandRng: Rng;
  private readonly outcomeRng: Rng;
  private readonly orders = new Map<string, OrderInfo>();
  /** Per hub: orders allocated but not yet picked, and orders ready for dispatch. */
  private readonly allocated = new Map<string, Map<string, OrderInfo>>();
  private readonly ready = new Map<string, Set<string>>();
  private readonly vehicleState = new Map<string, VehicleState>();
  private readonly vehicleById: Map<string, SimVehicle>;
  private readonly airspace: PreparedAirspace | undefined;
  private readonly productCum: Float64Array;
  private round = 0;
  private readonly suppliers: SupplierPlayer;
  private readonly pendingRounds = new Map<string, PendingRound>();
  private solverThread: SolverThread | null = null;

  constructor(
    private readonly ctx: DomainContext,
    private readonly clock: SimClock,
    private readonly scenario: Scenario,
    private readonly zones: NoFlyZone[],
    private readonly world: World,
    private readonly opts: SimulationOptions,
  ) {
    this.startS = clock.nowS;
    this.endS = this.startS + Math.round(opts.hours * 3600);
    this.record = emptyRecord(this.startS, this.endS);
    this.demandRng = rng(opts.seed, 1);
    this.outcomeRng = rng(opts.seed, 2);
    this.productCum = cumulativeWeights(world.productWeights);
    // The domain (quotes, drone eligibility) sees the scenario's weather, hour by hour, as the simulation does.
    const conditions = (w: HourWeather): WeatherConditions => ({
      windMps: w.windMps, windFromDeg: w.fromDeg,
      ...(w.gustMps !== undefined ? { gustMps: w.gustMps } : {}),
      ...(w.temperatureC !== undefined ? { temperatureC: w.temperatureC } : {}),
      ...(w.precipitation !== undefined ? { precipitation: w.precipitation } : {}),
    });
    setWeatherProvider(ctx, staticWeatherProvider(scenario.weather.length === 1
      ? { default: conditions(scenario.weather[0]!) }
      : { hours: Object.fromEntries(scenario.weather.map((w, h) => [String(h), conditions(w)])) }));
    this.suppliers = new SupplierPlayer(ctx, SIM_OPERATOR, this.record, (at, event) => this.queue.push(at, { kind: 'supplier', event }));
    this.vehicleById = new Map(world.vehicles.map((v) => [v.row.id, v]));
    const van = world.vehicles.find((v) => v.kind === 'van');
    const drone = world.vehicles.find((v) => v.drone)?.drone?.spec;
    // The domain plans straight lines at the van speed: dividing by the road factor makes its times match the road.
    configureDispatch(ctx, {
      ...(van ? { vanSpeedMps: van.row.speedMps / scenario.operations.roadFactor } : {}),
      serviceS: scenario.operations.vanServiceS,
      maxAttempts: scenario.operations.maxAttempts,
      solveMaxIterations: scenario.operations.solveIterations,
      ...(scenario.operations.solveIterationsPerJob !== undefined ? { solveIterationsPerJob: scenario.operations.solveIterationsPerJob } : {}),
      ...(scenario.operations.solveWarmMinIterations !== undefined ? { solveWarmMinIterations: scenario.operations.solveWarmMinIterations } : {}),
      ...(drone ? { droneReloadS: drone.turnaroundSeconds } : {}),
    });
    if (drone && zones.length) {
      const c = world.hubs[0]!.row;
      this.airspace = prepareAirspace(zones, { altitudeM: drone.cruiseAltitudeM, origin: [c.lon, c.lat] });
    }
    for (const h of world.hubs) {
      this.allocated.set(h.row.id, new Map());
      this.ready.set(h.row.id, new Set());
      this.record.hubs.push({ id: h.row.id, name: h.row.name, lon: h.row.lon, lat: h.row.lat, opensS: h.opensS, closesS: h.closesS });
    }
    for (const v of world.vehicles) {
      this.vehicleState.set(v.row.id, { readyAt: this.startS, batteryPct: v.row.batteryPct ?? 100, route: null });
      this.record.vehicles.push({ id: v.row.id, hubId: v.hubId, mode: v.kind, name: v.row.name });
    }
  }

  weatherAt(t: number): HourWeather {
    const w = this.scenario.weather;
    return w.length === 1 ? w[0]! : w[Math.floor((((t % 86_400) + 86_400) % 86_400) / 3600)]!;
  }

  async run(): Promise<SimRecord> {
    this.queue.push(this.startS, { kind: 'demand-hour' });
    this.queue.push(this.startS + 1800, { kind: 'supplier', event: { kind: 'replenishment-sweep' } });
    const interval = this.scenario.operations.dispatchIntervalS;
    // Hubs' rounds are staggered so that they do not all solve in the same instant.
    this.world.hubs.forEach((hub, i) => this.queue.push(this.startS + Math.floor((interval * i) / this.world.hubs.length), { kind: 'dispatch', hub }));
    const wallMs = this.opts.wallMs ?? Date.now;
    const sleep = this.opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const wall0 = wallMs();
    let lastProgress = -Infinity;
    while (this.queue.peekTime() < this.endS) {
      if (this.opts.stopRequested?.()) break;
      const { at, event } = this.queue.pop()!;
      if (Number.isFinite(this.opts.speed)) {
        const due = wall0 + ((at - this.startS) / this.opts.speed) * 1000;
        const wait = due - wallMs();
        if (wait > 5) await sleep(wait);
        // Behind schedule the events run back to back, and an event answered from caches and the
        // in-process database may never leave the microtask queue: let the server's I/O in.
        else await new Promise<void>((r) => setImmediate(r));
      }
      this.clock.advanceTo(at);
      const t0 = performance.now();
      await this.handle(event);
      this.addCost(event.kind === 'supplier' ? `supplier:${event.event.kind}` : event.kind, performance.now() - t0);
      if (at - lastProgress >= 60) {
        lastProgress = at;
        this.opts.onProgress?.(at, this.record);
      }
    }
    if (!this.opts.stopRequested?.()) this.clock.advanceTo(this.endS);
    // Rounds that would commit after the end never take effect: their orders stay ready.
    await this.solverThread?.close();
    this.solverThread = null;
    this.record.endS = this.clock.nowS;
    this.opts.onProgress?.(this.clock.nowS, this.record);
    this.record.finalStates = await this.countStates();
    return this.record;
  }

  private async handle(e: SimEvent): Promise<void> {
    switch (e.kind) {
      case 'demand-hour':
        return this.scheduleHourOfDemand();
      case 'order':
        return this.placeOrder(e.addressIndex, e.lines);
      case 'dispatch':
        return this.dispatchRound(e.hub);
      case 'dispatch-commit':
        return this.commitRound(e.hub);
      case 'route-start':
        return this.startRoute(e.vehicle, e.routeId, e.stops, e.resume);
      case 'handover':
        return this.handover(e.vehicle, e.drop, e.forced);
      case 'trip-end':
        return this.tripEnd(e.vehicle, e.trip);
      case 'route-end':
        return this.routeEnd(e.vehicle, e.route);
      case 'telemetry':
        return this.telemetry(e.vehicle, e.route);
      case 'supplier':
        return this.suppliers.handle(e.event, this.clock.nowS);
    }
  }

  // ---------------------------------------------------------------- demand and intake

  /** Draws this hour's arrivals (Poisson with the curve's rate) and schedules them, then the next hour. */
  private scheduleHourOfDemand(): void {
    const t = this.clock.nowS;
    const d = this.scenario.demand;
    const total = d.byHour.reduce((s, w) => s + w, 0);
    const hour = Math.floor((((t % 86_400) + 86_400) % 86_400) / 3600);
    const lambda = total > 0 ? (d.ordersPerDay * d.byHour[hour]!) / total : 0;
    const count = poisson(this.demandRng, lambda);
    const r = this.demandRng;
    const times = Array.from({ length: count }, () => t + Math.floor(r() * 3600)).sort((a, b) => a - b);
    for (const at of times) {
      const addressIndex = Math.floor(r() * this.world.addresses.length);
      const want = Math.min(intBetween(r, d.linesPerOrder.min, d.linesPerOrder.max), this.world.products.length);
      const chosen = new Set<number>();
      for (let guard = 0; chosen.size < want && guard < 50; guard++) chosen.add(pickWeighted(r, this.productCum));
      const lines = [...chosen].sort((a, b) => a - b).map((p) => ({ sku: this.world.products[p]!.sku, quantity: intBetween(r, 1, d.maxQuantityPerLine) }));
      this.queue.push(at, { kind: 'order', addressIndex, lines });
    }
    this.queue.push(t + 3600, { kind: 'demand-hour' });
  }

  /**
   * The customer's side of POST /v1/quotes then POST /v1/orders: ask for a delivery promise, and
   * order citing it with the recommended mode (drone when eligible and not later than the van). A
   * quote the order can no longer honour (stock moved meanwhile) is dropped and the order goes by van.
   */
  private async placeOrder(addressIndex: number, lines: Array<{ sku: string; quantity: number }>): Promise<void> {
    const now = this.clock.nowS;
    const { customerId, address } = this.world.addresses[addressIndex]!;
    const d = this.scenario.demand;
    const customer: Actor = { role: 'customer', subjectId: customerId, via: 'sim' };
    const windowStart = now + d.windowOpensAfterS;
    const windowEnd = windowStart + d.windowLengthS;
    let quoteId: string | undefined;
    try {
      const quote = await createQuote(this.ctx, customer, { customerId, addressId: address.id, lines, window: { start: windowStart, end: windowEnd } });
      if (quote.recommendedMode) quoteId = quote.row.id;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err; // the order below meets the same refusal and records it
    }
    // As POST /v1/orders does: the one-statement intake, the transactional path when it declines.
    const input = { customerId, addressId: address.id, lines, windowStart, windowEnd };
    const place = (withQuote: string | undefined) => placeOrderIdempotent(this.ctx, customer, input, withQuote ? { quoteId: withQuote } : {}, undefined, (placed) => placed);
    try {
      let answer;
      try {
        answer = await place(quoteId);
      } catch (err) {
        if (!(err instanceof DomainError) || !quoteId || !QUOTE_REFUSALS.has(err.code)) throw err;
        this.count(`order_${err.code}`);
        answer = await place(undefined);
      }
      const o = answer.body.order;
      const info: OrderInfo = { id: o.id, hubId: o.hubId!, weightG: o.weightG, dropoff: address.dropoff, placedAt: now, windowStart, windowEnd };
      this.orders.set(o.id, info);
      this.allocated.get(info.hubId)!.set(o.id, info);
      this.record.placed.push({ orderId: o.id, hubId: o.hubId!, at: now, windowEnd });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.record.refused[err.code] = (this.record.refused[err.code] ?? 0) + 1;
    }
  }

  // ---------------------------------------------------------------- dispatch (the domain's rounds)

  private hubOpen(hub: SimHub, t: number): boolean {
    const tod = ((t % 86_400) + 86_400) % 86_400;
    return tod >= hub.opensS && tod < hub.closesS;
  }

  /**
   * One hub's round: the hub staff pick a batch of allocated orders (allocated → ready), then the
   * domain's dispatch round plans them (drone orders only on drones the weather and battery allow),
   * and every vehicle with a new route leaves as soon as it is at the hub. With a solve latency the
   * round takes its snapshot now, plans for now + latency and commits then (dispatch-commit); the
   * solver works on its thread meanwhile while the rest of the day plays on.
   */
  private async dispatchRound(hub: SimHub): Promise<void> {
    const now = this.clock.nowS;
    const ops = this.scenario.operations;
    this.queue.push(now + ops.dispatchIntervalS, { kind: 'dispatch', hub });
    if (!this.hubOpen(hub, now)) return;
    if (this.pendingRounds.has(hub.row.id)) return; // the previous round has not committed yet
    const ready = this.ready.get(hub.row.id)!;
    const allocated = this.allocated.get(hub.row.id)!;
    const picks = [...allocated.values()].sort((a, b) => a.windowEnd - b.windowEnd || (a.id < b.id ? -1 : 1)).slice(0, Math.max(0, ops.maxOrdersPerRound - ready.size));
    // One packing batch, one transaction: each order still moves allocated → ready with its own event.
    if (picks.length) {
      await this.ctx.store.transaction((tx) => transitionOrdersTx(this.ctx, tx, SIM_OPERATOR, picks.map((o) => o.id), 'ready', () => 'picked and packed', { withLines: false }));
    }
    for (const o of picks) {
      allocated.delete(o.id);
      ready.add(o.id);
    }
    if (ready.size === 0) return;
    const roundNo = ++this.round;
    const seed = (this.opts.seed * 7919 + roundNo) >>> 0;
    const latency = ops.solveLatencyS ?? 0;
    let solving: Omit<PendingRound, 'round'> | null = null;
    let issued!: () => void;
    const solveIssued = new Promise<void>((resolve) => (issued = resolve));
    const round = runDispatchRound(this.ctx, hub.row.id, {
      ...(latency > 0 ? { planFromS: now + latency } : {}),
      solve: ({ problem, maxIterations, initialSolution }) => {
        // initialSolution: the previous plan's re-planned routes (warm start).
        const options: SolveOptions = { seed, maxIterations: maxIterations ?? ops.solveIterations, ...(initialSolution ? { initialSolution } : {}) };
        const solved = this.startSolve(problem, options);
        return new Promise((release) => {
          solving = { roundNo, issuedAt: now, commitAt: now + latency, problem, options, solved, release };
          issued();
        });
      },
    });
    // Either the round reaches its solve (and waits for it), or it ends before (nothing to plan, or refused).
    const reached = await Promise.race([solveIssued.then(() => true), round.then(() => false, () => false)]);
    if (!reached) return this.finishRound(hub, round);
    this.pendingRounds.set(hub.row.id, { ...solving!, round });
    if (latency > 0) this.queue.push(now + latency, { kind: 'dispatch-commit', hub });
    else await this.commitRound(hub);
  }

  private startSolve(problem: Problem, options: SolveOptions): Promise<ThreadSolveResult> {
    if ((this.opts.solver ?? 'thread') === 'thread') {
      this.solverThread ??= new SolverThread();
      return this.solverThread.solve(problem, options);
    }
    const t0 = performance.now();
    const r = solve(problem, options);
    return Promise.resolve({ ...r, threadMs: performance.now() - t0 });
  }

  /** The round's plan takes effect: the solver's answer (waited for if need be) goes to the round, which checks and stores it. */
  private async commitRound(hub: SimHub): Promise<void> {
    const p = this.pendingRounds.get(hub.row.id)!;
    this.pendingRounds.delete(hub.row.id);
    const t0 = performance.now();
    const r = await p.solved;
    this.addCost('dispatch (waiting for the solver)', performance.now() - t0);
    // The solve's own time, on its thread (or inline): its CPU time, near enough.
    this.addCost('dispatch (solver)', r.threadMs);
    this.opts.onSolve?.({ round: p.roundNo, hubId: hub.row.id, simS: p.issuedAt, problem: p.problem, options: p.options, result: r, ms: r.threadMs });
    p.release({ solution: r.solution, iterations: r.iterations, elapsedMs: r.elapsedMs });
    await this.finishRound(hub, p.round);
  }

  private async finishRound(hub: SimHub, round: Promise<DispatchSummary>): Promise<void> {
    const now = this.clock.nowS;
    let summary;
    try {
      summary = await round;
    } catch (err) {
      if (err instanceof DomainError) {
        this.count(`dispatch_${err.code}`);
        return;
      }
      throw err;
    }
    this.record.dispatchRounds++;
    const ready = this.ready.get(hub.row.id)!;
    for (const id of summary.assigned) ready.delete(id);
    const plan = await getActivePlan(this.ctx, hub.row.id);
    for (const { route, stops } of plan.routes) {
      const vehicle = this.vehicleById.get(route.vehicleId)!;
      const state = this.vehicleState.get(vehicle.row.id)!;
      if (route.state === 'started' && state.route?.id !== route.id) this.count('route_started_without_vehicle');
      if (route.state !== 'planned') continue;
      if (state.route) continue; // still out: the domain kept its started route
      this.queue.push(Math.max(now, route.startAt ?? now, state.readyAt), { kind: 'route-start', vehicle, routeId: route.id, stops });
    }
  }

  private addCost(kind: string, ms: number): void {
    const cost = (this.record.eventCosts[kind] ??= { count: 0, ms: 0 });
    cost.count++;
    cost.ms += ms;
  }

  // ---------------------------------------------------------------- the player

  /** The vehicle leaves on its planned route (if it is still the plan): the domain sees it en route, the trips play out. */
  private async startRoute(vehicle: SimVehicle, routeId: string, stops: StopRow[], resume = false): Promise<void> {
    const now = this.clock.nowS;
    const state = this.vehicleState.get(vehicle.row.id)!;
    if (state.route || state.readyAt > now) return;
    // The hub is re-planning: the vehicle waits for the new plan (its route may be replaced).
    const pending = this.pendingRounds.get(vehicle.hubId);
    if (pending) {
      this.record.departuresHeld++;
      this.queue.push(pending.commitAt, { kind: 'route-start', vehicle, routeId, stops, resume });
      return;
    }
    const current = await getVehicleRoute(this.ctx, this.deviceOf(vehicle), vehicle.row.id);
    if (!current || current.route.id !== routeId || (current.route.state !== 'planned' && !resume)) return; // re-planned meanwhile
    const hub = this.world.hubById.get(vehicle.hubId)!;
    const hubXY: [number, number] = [hub.row.lon, hub.row.lat];
    const trips = new Map<number, Drop[]>();
    for (const s of [...stops].sort((a, b) => a.seq - b.seq)) {
      if (s.kind !== 'delivery' || !s.orderId || (s.state !== 'planned' && s.state !== 'arrived')) continue;
      const info = this.orders.get(s.orderId);
      if (!info) continue;
      const list = trips.get(s.tripNo) ?? [];
      list.push({ stopId: s.id, orderId: s.orderId, lon: s.lon, lat: s.lat, weightG: info.weightG, windowStart: info.windowStart });
      trips.set(s.tripNo, list);
    }
    const route: ActiveRoute = { id: routeId, departAt: now, endAt: now, trips: [], pending: [...trips.values()].reduce((n, d) => n + d.length, 0) };
    state.route = route;
    await this.report(vehicle, now, hub.row.lon, hub.row.lat, state.batteryPct, 'en_route');
    let t = now;
    const ops = this.scenario.operations;
    for (const drops of trips.values()) {
      const weather = this.weatherAt(t);
      const timeline = vehicle.kind === 'van' ? vanTrip(vehicle, hubXY, drops, t, ops) : droneTrip(vehicle, hubXY, drops, t, weather, this.airspace);
      if (!timeline) {
        // The sortie cannot be flown (battery with this payload and wind, or a drop inside a no-fly zone): reported as failed at once.
        for (const d of drops) this.queue.push(t, { kind: 'handover', vehicle, drop: d, forced: 'not_flyable' });
        continue;
      }
      const trip: ActiveTrip = { departAt: t, timeline };
      route.trips.push(trip);
      // On record from departure, so that a trip still out when the run ends counts too.
      const v = vehicle.row;
      this.record.trips.push({
        vehicleId: v.id, hubId: vehicle.hubId, routeId, mode: vehicle.kind, departAt: t, returnAt: timeline.returnAt, distanceM: timeline.distanceM, energyWh: timeline.energyWh,
        costMinor: (v.costPerKmMinor * timeline.distanceM) / 1000 + (v.costPerHourMinor * timeline.durationS) / 3600, parcels: drops.length, path: timeline.path,
      });
      for (const s of timeline.stops) this.queue.push(s.at, { kind: 'handover', vehicle, drop: s.order });
      this.queue.push(timeline.returnAt, { kind: 'trip-end', vehicle, trip });
      t = timeline.readyAt;
    }
    route.endAt = t;
    state.readyAt = t;
    this.queue.push(t, { kind: 'route-end', vehicle, route });
    if (ops.telemetryIntervalS > 0) this.queue.push(now + ops.telemetryIntervalS, { kind: 'telemetry', vehicle, route });
  }

  private async handover(vehicle: SimVehicle, drop: Drop, forced?: 'not_flyable'): Promise<void> {
    const now = this.clock.nowS;
    const ops = this.scenario.operations;
    const info = this.orders.get(drop.orderId)!;
    const mode = vehicle.kind;
    const active = this.vehicleState.get(vehicle.row.id)!.route;
    if (active) active.pending--;
    let failure: { reason: FailureReason; note: string; kind: 'nobody_home' | 'wind_abort' | 'not_flyable' } | null = null;
    const draw = this.outcomeRng();
    if (forced) failure = { reason: 'other', note: 'sortie not flyable (battery, wind or no-fly zone)', kind: 'not_flyable' };
    else if (mode === 'van' && (info.dropoff === 'door' || info.dropoff === 'drone_pad') && draw < ops.nobodyHomeRate) failure = { reason: 'recipient_absent', note: 'nobody home', kind: 'nobody_home' };
    else if (mode === 'drone' && draw < Math.min(1, ops.windAbortRatePerMps * this.weatherAt(now).windMps)) failure = { reason: 'no_safe_place', note: 'gust at the drop: aborted', kind: 'wind_abort' };
    const device = this.deviceOf(vehicle);
    try {
      if (failure) {
        const r = await recordStopEvent(this.ctx, device, drop.stopId, { type: 'failed', reason: failure.reason, note: failure.note });
        this.record.failures.push({ orderId: drop.orderId, mode, at: now, reason: failure.kind });
        if (r.outcome === 'returned') this.record.returned.push({ orderId: drop.orderId, at: now });
        else this.ready.get(info.hubId)!.add(drop.orderId);
        return;
      }
      await recordStopEvent(this.ctx, device, drop.stopId, { type: 'delivered', proof: { photoRef: `sim-photo-${drop.stopId}` } });
    } catch (err) {
      if (err instanceof DomainError) {
        this.count(`stop_event_${err.code}`);
        return;
      }
      throw err;
    }
    this.record.deliveries.push({
      orderId: drop.orderId, hubId: info.hubId, mode, placedAt: info.placedAt, windowStart: info.windowStart, windowEnd: info.windowEnd, deliveredAt: now,
    });
  }

  /** Back at the hub after one trip: energy used, battery swapped (drones). */
  private tripEnd(vehicle: SimVehicle, trip: ActiveTrip): void {
    const state = this.vehicleState.get(vehicle.row.id)!;
    const v = vehicle.row;
    const drained = v.batteryWh ? (trip.timeline.energyWh / v.batteryWh) * 100 : 0;
    state.batteryPct = Math.max(0, state.batteryPct - drained);
    this.sampleBattery(vehicle, trip.timeline.returnAt, state.batteryPct);
    if (vehicle.kind === 'drone') {
      state.batteryPct = 100; // battery swap during the turnaround
      this.sampleBattery(vehicle, trip.timeline.readyAt, 100);
    }
  }

  private async routeEnd(vehicle: SimVehicle, route: ActiveRoute): Promise<void> {
    const state = this.vehicleState.get(vehicle.row.id)!;
    if (state.route !== route) return;
    state.route = null;
    if (vehicle.kind === 'van' && state.batteryPct < 30) {
      state.batteryPct = 100; // vans top up on the hub's chargers before the next round
      this.sampleBattery(vehicle, this.clock.nowS, 100);
    }
    const hub = this.world.hubById.get(vehicle.hubId)!.row;
    await this.report(vehicle, this.clock.nowS, hub.lon, hub.lat, state.batteryPct, 'idle');
  }

  private async telemetry(vehicle: SimVehicle, route: ActiveRoute): Promise<void> {
    const now = this.clock.nowS;
    const state = this.vehicleState.get(vehicle.row.id)!;
    // After the last hand-over the domain has completed the route; an en-route report on the way back
    // would read as the start of the vehicle's next planned route, so the vehicle stays quiet until it is back.
    if (state.route !== route || now >= route.endAt || route.pending <= 0) return;
    const trip = route.trips.find((t) => now >= t.departAt && now < t.timeline.returnAt);
    if (trip) {
      const f = (now - trip.departAt) / Math.max(1, trip.timeline.returnAt - trip.departAt);
      const [lon, lat] = alongPath(trip.timeline.path, f);
      const drained = vehicle.row.batteryWh ? (trip.timeline.energyWh * f * 100) / vehicle.row.batteryWh : 0;
      await this.report(vehicle, now, lon, lat, Math.max(0, state.batteryPct - drained), 'en_route');
    }
    this.queue.push(now + this.scenario.operations.telemetryIntervalS, { kind: 'telemetry', vehicle, route });
  }

  /** Position and status through the domain's telemetry call, as the vehicle's own device. */
  private async report(vehicle: SimVehicle, at: number, lon: number, lat: number, batteryPct: number, status: VehicleStatus): Promise<void> {
    await recordTelemetry(this.ctx, this.deviceOf(vehicle), vehicle.row.id, { at, lon, lat, batteryPct: Math.round(batteryPct * 10) / 10, status });
    this.record.telemetryReports++;
  }

  private deviceOf(vehicle: SimVehicle): Actor {
    return { role: 'device', subjectId: vehicle.row.id, via: 'sim' };
  }

  private count(what: string): void {
    this.record.anomalies[what] = (this.record.anomalies[what] ?? 0) + 1;
  }

  /**
   * Live demo restarted on its data folder: orders a previous run left allocated or ready are taken
   * over, and routes it left under way are driven on from the hub (the vehicles were parked).
   */
  async adopt(open: OrderRow[]): Promise<void> {
    const remember = async (o: OrderRow): Promise<OrderInfo | null> => {
      const address = await this.ctx.store.repos.customers.getAddress(o.addressId);
      if (!address || !o.hubId || !this.allocated.has(o.hubId)) return null;
      const info: OrderInfo = { id: o.id, hubId: o.hubId, weightG: o.weightG, dropoff: address.dropoff, placedAt: o.createdAt, windowStart: o.windowStart, windowEnd: o.windowEnd };
      this.orders.set(o.id, info);
      return info;
    };
    for (const o of open) {
      const info = await remember(o);
      if (!info) continue;
      if (o.state === 'allocated') this.allocated.get(info.hubId)!.set(o.id, info);
      else if (o.state === 'ready') this.ready.get(info.hubId)!.add(o.id);
    }
    for (const v of this.world.vehicles) {
      const current = await getVehicleRoute(this.ctx, this.deviceOf(v), v.row.id);
      if (!current || current.route.state !== 'started') continue;
      for (const s of current.stops) {
        if (s.orderId && !this.orders.has(s.orderId)) {
          const o = await this.ctx.store.repos.orders.get(s.orderId);
          if (o) await remember(o);
        }
      }
      this.queue.push(this.clock.nowS, { kind: 'route-start', vehicle: v, routeId: current.route.id, stops: current.stops, resume: true });
    }
  }

  private sampleBattery(vehicle: SimVehicle, at: number, pct: number): void {
    this.record.battery.push({ vehicleId: vehicle.row.id, mode: vehicle.kind, at, pct: Math.round(pct * 10) / 10 });
  }

  /** Orders per state as the database sees them, read through the domain (an independent tally). */
  private async countStates(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    let afterId: string | undefined;
    for (;;) {
      const page = await listOrders(this.ctx, SIM_OPERATOR, {}, { limit: 500, ...(afterId ? { afterId } : {}) });
      for (const o of page.items) counts[o.state] = (counts[o.state] ?? 0) + 1;
      if (!page.nextAfterId) break;
      afterId = page.nextAfterId;
    }
    return counts;
  }
}

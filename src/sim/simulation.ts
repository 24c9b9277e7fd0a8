// One simulated run: an event loop over simulated time. Orders arrive through the domain's order
// intake following the demand curve; each hub runs a dispatch round on a timer; the fleet player
// drives and flies the trips and reports each hand-over (delivered / failed) through the domain's
// order transitions. The domain reads the same simulated clock (DomainContext.nowMs).
import type { Actor } from '../domain/actor.js';
import { SYSTEM_ACTOR } from '../domain/actor.js';
import type { DomainContext } from '../domain/context.js';
import { DomainError } from '../domain/errors.js';
import { runIdempotent } from '../domain/idempotency.js';
import { listOrders, placeOrderTx, transitionOrder } from '../domain/orders.js';
import { prepareAirspace, type PreparedAirspace } from '../geo/detour.js';
import type { NoFlyZone } from '../geo/zones.js';
import { EventQueue, type SimClock } from './clock.js';
import { type Assignment, type OpenOrder, planRound } from './planner.js';
import { alongPath, droneTrip, type TripTimeline, vanTrip } from './player.js';
import { cumulativeWeights, intBetween, pickWeighted, poisson, rng, type Rng } from './random.js';
import { emptyRecord, type Mode, type SimRecord } from './recorder.js';
import type { HourWeather, Scenario } from './scenario/schema.js';
import type { SimHub, SimVehicle, World } from './world.js';

export interface SimulationOptions {
  seed: number;
  hours: number;
  /** Simulated seconds per wall-clock second; Infinity = as fast as possible. */
  speed: number;
  /** Called with the simulated time now and then (at most once per simulated minute). */
  onProgress?: (simS: number, record: SimRecord) => void;
  /** Where position reports go (the domain's telemetry when the build has it); default: nowhere. */
  telemetry?: TelemetrySink;
  /** Wall clock for pacing a live run (injected for tests). */
  wallMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Checked between events; true stops the run early (Ctrl-C on a live demo). */
  stopRequested?: () => boolean;
}

export interface TelemetrySink {
  report(vehicleId: string, at: number, lon: number, lat: number, batteryPct: number, status: string): Promise<void>;
}

type SimEvent =
  | { kind: 'demand-hour' }
  | { kind: 'order'; addressIndex: number; lines: Array<{ sku: string; quantity: number }> }
  | { kind: 'dispatch'; hub: SimHub }
  | { kind: 'handover'; vehicle: SimVehicle; order: OpenOrder; mode: Mode }
  | { kind: 'trip-end'; vehicle: SimVehicle; trip: ActiveTrip }
  | { kind: 'telemetry'; vehicle: SimVehicle; trip: ActiveTrip };

interface ActiveTrip {
  departAt: number;
  timeline: TripTimeline;
  failed: OpenOrder[];
}

interface VehicleState {
  readyAt: number;
  batteryPct: number;
  trip: ActiveTrip | null;
}

/** The operator principal the simulated dispatcher and drivers act as. */
const SIM_OPERATOR: Actor = { ...SYSTEM_ACTOR, via: 'sim' };

export class Simulation {
  readonly record: SimRecord;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly startS: number;
  private readonly endS: number;
  private readonly demandRng: Rng;
  private readonly outcomeRng: Rng;
  private readonly open = new Map<string, Map<string, OpenOrder>>();
  private readonly vehicleState = new Map<string, VehicleState>();
  private readonly airspace: PreparedAirspace | undefined;
  private readonly productCum: Float64Array;
  private round = 0;

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
    const drone = world.vehicles.find((v) => v.drone);
    if (drone && zones.length) {
      const c = world.hubs[0]!.row;
      this.airspace = prepareAirspace(zones, { altitudeM: drone.drone!.spec.cruiseAltitudeM, origin: [c.lon, c.lat] });
    }
    for (const h of world.hubs) {
      this.open.set(h.row.id, new Map());
      this.record.hubs.push({ id: h.row.id, name: h.row.name, lon: h.row.lon, lat: h.row.lat, opensS: h.opensS, closesS: h.closesS });
    }
    for (const v of world.vehicles) {
      this.vehicleState.set(v.row.id, { readyAt: this.startS, batteryPct: v.row.batteryPct ?? 100, trip: null });
      this.record.vehicles.push({ id: v.row.id, hubId: v.hubId, mode: v.kind, name: v.row.name });
    }
  }

  weatherAt(t: number): HourWeather {
    const w = this.scenario.weather;
    return w.length === 1 ? w[0]! : w[Math.floor((((t % 86_400) + 86_400) % 86_400) / 3600)]!;
  }

  async run(): Promise<SimRecord> {
    this.queue.push(this.startS, { kind: 'demand-hour' });
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
      }
      this.clock.advanceTo(at);
      await this.handle(event);
      if (at - lastProgress >= 60) {
        lastProgress = at;
        this.opts.onProgress?.(at, this.record);
      }
    }
    if (!this.opts.stopRequested?.()) this.clock.advanceTo(this.endS);
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
      case 'handover':
        return this.handover(e.vehicle, e.order, e.mode);
      case 'trip-end':
        return this.tripEnd(e.vehicle, e.trip);
      case 'telemetry':
        return this.telemetry(e.vehicle, e.trip);
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

  /** The customer places the order through the same domain call as POST /v1/orders. */
  private async placeOrder(addressIndex: number, lines: Array<{ sku: string; quantity: number }>): Promise<void> {
    const now = this.clock.nowS;
    const { customerId, address } = this.world.addresses[addressIndex]!;
    const d = this.scenario.demand;
    const customer: Actor = { role: 'customer', subjectId: customerId, via: 'sim' };
    const windowStart = now + d.windowOpensAfterS;
    const windowEnd = windowStart + d.windowLengthS;
    try {
      const answer = await runIdempotent(this.ctx, undefined, async (tx) => ({
        status: 201,
        body: await placeOrderTx(this.ctx, tx, customer, { customerId, addressId: address.id, lines, windowStart, windowEnd }),
      }));
      const o = answer.body.order;
      this.open.get(o.hubId!)!.set(o.id, {
        id: o.id, hubId: o.hubId!, lon: address.lon, lat: address.lat, weightG: o.weightG, dropoff: address.dropoff,
        placedAt: now, windowStart, windowEnd, attempts: 0,
      });
      this.record.placed.push({ orderId: o.id, hubId: o.hubId!, at: now, windowEnd });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      this.record.refused[err.code] = (this.record.refused[err.code] ?? 0) + 1;
    }
  }

  // ---------------------------------------------------------------- dispatch

  private hubOpen(hub: SimHub, t: number): boolean {
    const tod = ((t % 86_400) + 86_400) % 86_400;
    return tod >= hub.opensS && tod < hub.closesS;
  }

  private async dispatchRound(hub: SimHub): Promise<void> {
    const now = this.clock.nowS;
    this.queue.push(now + this.scenario.operations.dispatchIntervalS, { kind: 'dispatch', hub });
    if (!this.hubOpen(hub, now)) return;
    const waiting = [...this.open.get(hub.row.id)!.values()];
    const idle = this.world.vehicles.filter((v) => v.hubId === hub.row.id && this.vehicleState.get(v.row.id)!.readyAt <= now);
    if (!waiting.length || !idle.length) return;
    const weather = this.weatherAt(now);
    this.round++;
    this.record.dispatchRounds++;
    const plan = planRound({
      now, hub, orders: waiting, vehicles: idle, weather, ops: this.scenario.operations, airspace: this.airspace, zones: this.zones,
      seed: (this.opts.seed * 7919 + this.round) >>> 0,
    });
    for (const a of plan) await this.startTrip(hub, a, weather);
  }

  /** Loads the vehicle: every order goes to `dispatched` through the domain, then the trip plays out. */
  private async startTrip(hub: SimHub, a: Assignment, weather: HourWeather): Promise<void> {
    const now = this.clock.nowS;
    const hubXY: [number, number] = [hub.row.lon, hub.row.lat];
    const ops = this.scenario.operations;
    const timeline = a.vehicle.kind === 'van' ? vanTrip(a.vehicle, hubXY, a.orders, now, ops) : droneTrip(a.vehicle, hubXY, a.orders, now, weather, this.airspace);
    if (!timeline) return; // the sortie cannot be flown after all: the orders wait for the next round
    for (const o of a.orders) {
      if (o.attempts === 0) await transitionOrder(this.ctx, SIM_OPERATOR, o.id, 'ready', `picked for ${a.vehicle.row.name}`);
      await transitionOrder(this.ctx, SIM_OPERATOR, o.id, 'dispatched', `on ${a.vehicle.row.name}`);
      this.open.get(hub.row.id)!.delete(o.id);
    }
    const trip: ActiveTrip = { departAt: now, timeline, failed: [] };
    const state = this.vehicleState.get(a.vehicle.row.id)!;
    state.trip = trip;
    state.readyAt = timeline.readyAt;
    const v = a.vehicle.row;
    const costMinor = (v.costPerKmMinor * timeline.distanceM) / 1000 + (v.costPerHourMinor * timeline.durationS) / 3600;
    this.record.trips.push({
      vehicleId: v.id, hubId: hub.row.id, mode: a.vehicle.kind, departAt: now, returnAt: timeline.returnAt, distanceM: timeline.distanceM,
      energyWh: timeline.energyWh, costMinor, parcels: a.orders.length, path: timeline.path,
    });
    this.sampleBattery(a.vehicle, now, state.batteryPct);
    for (const s of timeline.stops) this.queue.push(s.at, { kind: 'handover', vehicle: a.vehicle, order: s.order, mode: a.vehicle.kind });
    this.queue.push(timeline.returnAt, { kind: 'trip-end', vehicle: a.vehicle, trip });
    if (this.opts.telemetry) this.queue.push(now + ops.telemetryIntervalS, { kind: 'telemetry', vehicle: a.vehicle, trip });
  }

  // ---------------------------------------------------------------- the player

  private async handover(vehicle: SimVehicle, order: OpenOrder, mode: Mode): Promise<void> {
    const now = this.clock.nowS;
    const ops = this.scenario.operations;
    order.attempts++;
    let reason: 'nobody_home' | 'wind_abort' | null = null;
    const draw = this.outcomeRng();
    if (mode === 'van' && (order.dropoff === 'door' || order.dropoff === 'drone_pad') && draw < ops.nobodyHomeRate) reason = 'nobody_home';
    if (mode === 'drone' && draw < Math.min(1, ops.windAbortRatePerMps * this.weatherAt(now).windMps)) reason = 'wind_abort';
    if (reason) {
      await transitionOrder(this.ctx, SIM_OPERATOR, order.id, 'failed', reason);
      this.record.failures.push({ orderId: order.id, mode, at: now, reason });
      this.vehicleState.get(vehicle.row.id)!.trip?.failed.push(order);
      return;
    }
    await transitionOrder(this.ctx, SIM_OPERATOR, order.id, 'delivered', `${mode} ${vehicle.row.name}`);
    this.record.deliveries.push({
      orderId: order.id, hubId: order.hubId, mode, placedAt: order.placedAt, windowStart: order.windowStart, windowEnd: order.windowEnd, deliveredAt: now,
    });
  }

  /** Back at the hub: failed parcels are offered to dispatch again, or returned to stock after the last attempt. */
  private async tripEnd(vehicle: SimVehicle, trip: ActiveTrip): Promise<void> {
    const now = this.clock.nowS;
    const state = this.vehicleState.get(vehicle.row.id)!;
    const v = vehicle.row;
    const capacityWh = v.batteryWh ?? 0;
    const drained = capacityWh > 0 ? (trip.timeline.energyWh / capacityWh) * 100 : 0;
    state.batteryPct = Math.max(0, state.batteryPct - drained);
    this.sampleBattery(vehicle, now, state.batteryPct);
    if (vehicle.kind === 'drone') {
      // Battery swap during the turnaround: a full pack when it is ready again.
      state.batteryPct = 100;
      this.sampleBattery(vehicle, trip.timeline.readyAt, 100);
    } else if (state.batteryPct < 30) {
      state.batteryPct = 100; // vans top up on the hub's chargers between rounds
    }
    state.trip = null;
    for (const o of trip.failed) {
      if (o.attempts >= this.scenario.operations.maxAttempts) {
        await transitionOrder(this.ctx, SIM_OPERATOR, o.id, 'returned', `${o.attempts} failed attempts`);
        this.record.returned.push({ orderId: o.id, at: now });
      } else {
        this.open.get(o.hubId)!.set(o.id, o);
      }
    }
    if (this.opts.telemetry) await this.opts.telemetry.report(v.id, now, this.world.hubById.get(vehicle.hubId)!.row.lon, this.world.hubById.get(vehicle.hubId)!.row.lat, state.batteryPct, 'idle');
  }

  private async telemetry(vehicle: SimVehicle, trip: ActiveTrip): Promise<void> {
    const now = this.clock.nowS;
    const state = this.vehicleState.get(vehicle.row.id)!;
    if (state.trip !== trip || now >= trip.timeline.returnAt) return;
    const f = (now - trip.departAt) / Math.max(1, trip.timeline.returnAt - trip.departAt);
    const [lon, lat] = alongPath(trip.timeline.path, f);
    const drained = vehicle.row.batteryWh ? (trip.timeline.energyWh * f * 100) / vehicle.row.batteryWh : 0;
    await this.opts.telemetry!.report(vehicle.row.id, now, lon, lat, Math.max(0, state.batteryPct - drained), 'en_route');
    this.queue.push(now + this.scenario.operations.telemetryIntervalS, { kind: 'telemetry', vehicle, trip });
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

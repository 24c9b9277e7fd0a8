// Delivery promise: for an address and lines, each mode (drone, van) with its eligibility, reasons and
// earliest ETA, stored as a quote with an expiry that an order may cite.
//
// Method (v1, deliberately simple; its limits are documented in the README section):
//   - hub: the same allocation strategy as orders (ctx.allocation), on the current stock snapshot;
//   - van: departure = the next dispatch round (every `dispatchIntervalS` on the epoch clock) moved into
//     the hub's opening hours; ETA = departure + straight-line distance × `roadFactor` / the van speed
//     dispatch plans with (dispatchSettings(ctx).vanSpeedMps); moved up to the window start when earlier; refused when past the window
//     end. It does NOT check that the vans' current routes have room (only single-van capacity);
//   - drone: launch = now moved into opening hours, then delayed while the chosen drone is busy on a
//     stored flight plan (plus turnaround) and while every launch pad is taken by stored flight plans'
//     launch or recovery handling; ETA = launch + launch handling + outbound flight (climb, cruise with
//     wind and detours, descent) from the engine; a window start later than that delays the launch.
//     Weather is read for the launch time. Quotes do not reserve pads or drones: two quotes may promise
//     the same slot; dispatch decides.
import { haversineMetres } from '../geo/haversine.js';
import type { HubRow, QuoteRow, Repos, VehicleRow } from '../store/index.js';
import type { Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { type DroneUnit, type Interval, dronesAmong, earliestSlot } from './drone-fleet.js';
import { type EligibilityReason, type HubAirspace, type ParcelItem, droneEligibilityFor, storedZones } from './drone-eligibility.js';
import { dispatchSettings } from './dispatch-settings.js';
import { DomainError, notFound } from './errors.js';
import type { OrderWithLines } from './orders.js';

export type DeliveryMode = 'drone' | 'van';
export const DELIVERY_MODES: readonly DeliveryMode[] = ['drone', 'van'];

export interface QuoteSettings {
  /** How long a quote may be cited by an order, s. */
  ttlS: number;
  /** Van dispatch rounds run on this period, s. */
  dispatchIntervalS: number;
  /** Road distance ≈ straight line × this factor. */
  roadFactor: number;
}

export const QUOTE_DEFAULTS: QuoteSettings = { ttlS: 900, dispatchIntervalS: 900, roadFactor: 1.3 };

export interface ModeQuote {
  mode: DeliveryMode;
  eligible: boolean;
  reasons: EligibilityReason[];
  /** Earliest arrival at the address, epoch seconds; null when not eligible. */
  eta: number | null;
  /** Van: departure from the hub; drone: start of launch handling on the pad. */
  departAt: number | null;
  vehicleId: string | null;
  /** Drone type (spec id) for a drone quote. */
  specId: string | null;
  /** Drone: sortie figures from the energy model; van: road distance and speed used. */
  figures: Record<string, number>;
}

export interface QuoteLine {
  sku: string;
  quantity: number;
}

export interface QuoteInput {
  /** Operators may omit it: the address names its customer. */
  customerId?: string;
  addressId: string;
  lines: QuoteLine[];
  /** Requested window, epoch seconds. */
  window?: { start: number; end: number };
}

export interface Quote {
  row: QuoteRow;
  modes: ModeQuote[];
  recommendedMode: DeliveryMode | null;
}

const normaliseLines = (lines: readonly QuoteLine[]): QuoteLine[] =>
  [...lines].map((l) => ({ sku: l.sku, quantity: l.quantity })).sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));

/** The eligible mode with the earliest ETA (drone wins a tie: it does not load the vans). */
export function recommendedMode(modes: readonly ModeQuote[]): DeliveryMode | null {
  const ok = modes.filter((m) => m.eligible && m.eta !== null).sort((a, b) => a.eta! - b.eta! || (a.mode === 'drone' ? -1 : 1));
  return ok[0]?.mode ?? null;
}

/** First instant ≥ t inside the hub's weekly opening hours (UTC), or null if it never opens within a week. */
export function nextOpenAt(hours: HubRow['openingHours'], t: number): number | null {
  let best: number | null = null;
  const dayStart = Math.floor(t / 86_400) * 86_400;
  for (let d = 0; d <= 7; d++) {
    const start = dayStart + d * 86_400;
    const weekday = (Math.floor(start / 86_400) + 4) % 7; // 1970-01-01 was a Thursday (Sunday = 0)
    for (const h of hours) {
      if (h.day !== weekday || h.close <= h.open) continue;
      const open = start + h.open;
      const close = start + h.close;
      if (close <= t) continue;
      const at = Math.max(open, t);
      if (best === null || at < best) best = at;
    }
    if (best !== null) return best;
  }
  return best;
}

function refused(mode: DeliveryMode, reasons: EligibilityReason[], figures: Record<string, number> = {}): ModeQuote {
  return { mode, eligible: false, reasons, eta: null, departAt: null, vehicleId: null, specId: null, figures };
}

async function vanQuote(ctx: DomainContext, hub: HubRow, fleet: readonly VehicleRow[], drop: [number, number], weightG: number, input: QuoteInput, settings: QuoteSettings, now: number): Promise<ModeQuote> {
  const vans = fleet.filter((v) => v.kind === 'van' && v.status !== 'maintenance' && v.status !== 'offline');
  if (vans.length === 0) return refused('van', [{ code: 'no_van_available', message: 'no available van is based at the serving hub' }]);
  const fitting = vans.filter((v) => v.capacityG >= weightG);
  if (fitting.length === 0) {
    const max = Math.max(...vans.map((v) => v.capacityG));
    return refused('van', [{ code: 'capacity_exceeded', message: `the order weighs ${weightG} g, more than any van carries (${max} g)` }]);
  }
  // The speed dispatch plans vans with, so that the promise and the plan agree.
  const speed = dispatchSettings(ctx).vanSpeedMps;
  // The next round strictly after now: a round starting this very second has already taken its orders.
  const nextRound = (Math.floor(now / settings.dispatchIntervalS) + 1) * settings.dispatchIntervalS;
  const departAt = nextOpenAt(hub.openingHours, nextRound);
  if (departAt === null) return refused('van', [{ code: 'hub_closed', message: 'the hub has no opening hours in the coming week' }]);
  const roadM = haversineMetres(hub.lon, hub.lat, drop[0], drop[1]) * settings.roadFactor;
  let eta = departAt + Math.ceil(roadM / speed);
  const figures = { roadDistanceM: Math.round(roadM), speedMps: speed, travelS: Math.ceil(roadM / speed) };
  if (input.window && eta < input.window.start) eta = input.window.start;
  if (input.window && eta > input.window.end) {
    return refused('van', [{ code: 'window_unreachable', message: `the earliest van arrival ${new Date(eta * 1000).toISOString()} is after the requested window` }], figures);
  }
  return { mode: 'van', eligible: true, reasons: [], eta, departAt: eta - figures.travelS, vehicleId: null, specId: null, figures };
}

/** Launch and recovery handling of stored flight plans hold pads; whole sorties (+ turnaround) hold the drone. */
async function busyIntervals(repos: Repos, hubId: string, from: number): Promise<{ pads: Interval[]; byVehicle: Map<string, Interval[]> }> {
  const plans = await repos.flightPlans.padTimes(hubId, from, from + 2 * 86_400);
  const pads: Interval[] = [];
  const byVehicle = new Map<string, Interval[]>();
  for (const p of plans) {
    pads.push({ from: p.padFrom, until: p.takeoffAt }, { from: p.landAt, until: p.padUntil });
    const list = byVehicle.get(p.vehicleId) ?? [];
    list.push({ from: p.padFrom, until: p.padUntil });
    byVehicle.set(p.vehicleId, list);
  }
  return { pads, byVehicle };
}

async function droneQuote(ctx: DomainContext, repos: Repos, hub: HubRow, fleet: readonly VehicleRow[], address: { lon: number; lat: number; dropoff: string }, items: ParcelItem[], input: QuoteInput, now: number): Promise<ModeQuote> {
  const open = nextOpenAt(hub.openingHours, now);
  if (open === null) return refused('drone', [{ code: 'hub_closed', message: 'the hub has no opening hours in the coming week' }]);
  const busy = await busyIntervals(repos, hub.id, now);
  // Drones and zones are read once; the weather and availability are re-evaluated at each candidate time.
  const airspace: HubAirspace = { hub, drones: await dronesAmong(repos, fleet), zones: await storedZones(repos) };
  const drop: [number, number] = [address.lon, address.lat];
  const request = { hubId: hub.id, drop, dropoff: address.dropoff, items };

  // Weather and zones depend on the launch time and the launch time on the drone: evaluate at the
  // earliest opening, schedule, and re-evaluate at the scheduled time (at most a few rounds).
  let at = open;
  if (input.window) {
    // No point launching long before the window: aim at its start, the flight takes minutes.
    at = Math.max(at, input.window.start - 3600);
  }
  for (let round = 0; round < 4; round++) {
    const e = await droneEligibilityFor(ctx, repos, { ...request, atS: at }, airspace);
    if (!e.eligible) return refused('drone', e.reasons);
    const best = scheduleDrone(e, hub, busy, at, input.window?.start);
    if (!best) return refused('drone', [{ code: 'no_launch_slot', message: `no launch pad at the hub (it has ${hub.launchPads})` }]);
    const sameConditions = Math.floor(best.launchAt / 3600) === Math.floor(at / 3600);
    if (sameConditions || round === 3) {
      if (input.window && best.eta > input.window.end) {
        return refused('drone', [{ code: 'window_unreachable', message: `the earliest drone arrival ${new Date(best.eta * 1000).toISOString()} is after the requested window` }]);
      }
      return { mode: 'drone', eligible: true, reasons: [], eta: best.eta, departAt: best.launchAt, vehicleId: best.vehicleId, specId: best.specId, figures: best.figures };
    }
    at = best.launchAt; // conditions may differ in that hour: check again there
  }
  return refused('drone', [{ code: 'no_launch_slot', message: 'no stable launch slot found' }]);
}

interface ScheduledDrone {
  vehicleId: string;
  specId: string;
  launchAt: number;
  eta: number;
  figures: Record<string, number>;
}

/** For every eligible drone: earliest launch when it is free and a pad is free; the earliest ETA wins. */
function scheduleDrone(
  e: { options: Array<{ specId: string; eligible: boolean; sortie?: { outboundS: number; launchS: number; durationS: number; energyWh: number; budgetWh: number; distanceM: number } }>; drones: DroneUnit[] },
  hub: HubRow,
  busy: { pads: Interval[]; byVehicle: Map<string, Interval[]> },
  earliest: number,
  windowStart: number | undefined,
): ScheduledDrone | null {
  let best: ScheduledDrone | null = null;
  for (const o of e.options) {
    if (!o.eligible || !o.sortie) continue;
    const s = o.sortie;
    for (const u of e.drones.filter((d) => d.spec.id === o.specId)) {
      // Launch so that the drone arrives no earlier than the window start.
      let t = Math.max(earliest, windowStart !== undefined ? Math.ceil(windowStart - s.launchS - s.outboundS) : earliest);
      const own = (busy.byVehicle.get(u.vehicle.id) ?? []).map((b) => ({ from: b.from, until: b.until + u.spec.turnaroundSeconds }));
      for (let k = 0; k < 8; k++) {
        const opened = nextOpenAt(hub.openingHours, t);
        if (opened === null) return best;
        const free = earliestSlot(1, own, opened, Math.ceil(s.durationS));
        const pad = free === null ? null : earliestSlot(hub.launchPads, busy.pads, free, Math.ceil(s.launchS));
        if (pad === null) return best;
        if (pad === t) break;
        t = pad;
      }
      const eta = Math.ceil(t + s.launchS + s.outboundS);
      if (!best || eta < best.eta) {
        best = {
          vehicleId: u.vehicle.id,
          specId: o.specId,
          launchAt: t,
          eta,
          figures: { energyWh: round1(s.energyWh), budgetWh: round1(s.budgetWh), outboundS: Math.round(s.outboundS), sortieS: Math.round(s.durationS), distanceM: Math.round(s.distanceM), launchWaitS: t - earliest },
        };
      }
    }
  }
  return best;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Creates and stores a quote (operator for any address; customer for their own). */
export async function createQuote(ctx: DomainContext, actor: Actor, input: QuoteInput, settings: QuoteSettings = QUOTE_DEFAULTS): Promise<Quote> {
  const now = nowS(ctx);
  const repos = ctx.store.repos;
  if (input.window && !(input.window.end > input.window.start)) {
    throw new DomainError('invalid_window', 'the delivery window must end after it starts', { start: input.window.start, end: input.window.end });
  }
  if (input.window && input.window.end <= now) throw new DomainError('invalid_window', 'the delivery window has already ended', { end: input.window.end });
  const address = await repos.customers.getAddress(input.addressId);
  const customerId = input.customerId ?? address?.customerId;
  // A customer quoting someone else's address sees the same answer as for a missing one.
  if (!address || address.customerId !== customerId || (actor.role === 'customer' && actor.subjectId !== address.customerId)) {
    if (actor.role === 'customer') throw notFound('address', input.addressId);
    throw new DomainError('unknown_address', `address ${input.addressId} is not an address of customer ${customerId ?? '(none)'}`, { addressId: input.addressId });
  }
  const lines = normaliseLines(input.lines);
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.sku === lines[i - 1]!.sku) throw new DomainError('duplicate_line', `SKU ${lines[i]!.sku} appears on more than one line`, { sku: lines[i]!.sku });
  }
  const products = await repos.products.bySkus(lines.map((l) => l.sku));
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const unknown = lines.filter((l) => !bySku.has(l.sku)).map((l) => l.sku);
  if (unknown.length) throw new DomainError('unknown_sku', `unknown SKU: ${unknown.join(', ')}`, { skus: unknown });

  // Same hub choice as order intake, on the current snapshot.
  const hubs = await repos.hubs.all();
  const stockRows = await repos.stock.forProducts(products.map((p) => p.id));
  const avail = new Map(stockRows.map((r) => [`${r.hubId}|${r.productId}`, r.onHand - r.reserved]));
  const ranking = ctx.allocation.rank({
    destination: { lon: address.lon, lat: address.lat },
    lines: lines.map((l) => ({ productId: bySku.get(l.sku)!.id, quantity: l.quantity })),
    hubs,
    available: (h, p) => avail.get(`${h}|${p}`) ?? 0,
  });
  if (ranking.inArea.length === 0) throw new DomainError('address_unserviceable', 'the delivery address is outside every hub’s service area', { lon: address.lon, lat: address.lat });
  const hubId = ranking.candidates[0];
  if (!hubId) throw new DomainError('stock_insufficient', 'no hub serving this address has enough stock for every line', { hubs: ranking.inArea });
  const hub = hubs.find((h) => h.id === hubId)!;

  const items: ParcelItem[] = lines.map((l) => {
    const p = bySku.get(l.sku)!;
    return { weightG: p.weightG, lengthMm: p.lengthMm, widthMm: p.widthMm, heightMm: p.heightMm, quantity: l.quantity };
  });
  const weightG = items.reduce((s, it) => s + it.weightG * it.quantity, 0);
  const fleet = await repos.vehicles.forHub(hub.id);
  const modes = [
    await droneQuote(ctx, repos, hub, fleet, address, items, input, now),
    await vanQuote(ctx, hub, fleet, [address.lon, address.lat], weightG, input, settings, now),
  ];
  const row: QuoteRow = {
    id: ctx.ids.next('quo'),
    customerId: address.customerId,
    addressId: address.id,
    hubId,
    lines,
    windowStart: input.window?.start ?? null,
    windowEnd: input.window?.end ?? null,
    modes,
    createdAt: now,
    expiresAt: now + settings.ttlS,
  };
  await repos.quotes.insert(row);
  // Kept for order intake: an order citing it in this process need not read it back.
  ctx.store.intake.cache.rememberQuote(row);
  return { row, modes, recommendedMode: recommendedMode(modes) };
}

export async function getQuote(ctx: DomainContext, actor: Actor, id: string): Promise<Quote> {
  const row = await ctx.store.repos.quotes.get(id);
  if (!row || (actor.role === 'customer' && actor.subjectId !== row.customerId) || (actor.role !== 'customer' && actor.role !== 'operator')) throw notFound('quote', id);
  const modes = row.modes as ModeQuote[];
  return { row, modes, recommendedMode: recommendedMode(modes) };
}

export interface DeliveryChoice {
  mode?: DeliveryMode;
  quoteId?: string;
}

/**
 * Inside the order-intake transaction, after placeOrderTx: checks the cited quote against the placed
 * order and stores the chosen mode. Throws (422, rolling the order back) when the quote is missing,
 * expired, for other lines/address/window, or the mode was not eligible. Without a quote an order
 * goes by van; a drone needs a quote (eligibility must have been checked).
 */
export async function applyDeliveryChoiceTx(ctx: DomainContext, tx: Repos, placed: OrderWithLines, choice: DeliveryChoice): Promise<OrderWithLines> {
  if (!choice.quoteId) return checkDeliveryChoice(ctx, placed, choice, undefined);
  const chosen = checkDeliveryChoice(ctx, placed, choice, await tx.quotes.get(choice.quoteId));
  await tx.quotes.attachToOrder(chosen.order.id, chosen.order.deliveryMode, choice.quoteId);
  return chosen;
}

/**
 * The checks of applyDeliveryChoiceTx on a quote already read (`undefined`: none has the cited id),
 * writing nothing: the order with the chosen mode and quote, or a DomainError. Quotes are never
 * changed once stored, so a quote read earlier (or kept since it was made) answers the same.
 */
export function checkDeliveryChoice(ctx: DomainContext, placed: OrderWithLines, choice: DeliveryChoice, quote: QuoteRow | undefined): OrderWithLines {
  const { order } = placed;
  if (!choice.quoteId) {
    if (choice.mode === 'drone') throw new DomainError('quote_required', 'a drone delivery needs a quote: POST /v1/quotes first and send its quoteId', { mode: 'drone' });
    return placed;
  }
  if (!quote || quote.id !== choice.quoteId || quote.customerId !== order.customerId) throw new DomainError('quote_not_found', `quote ${choice.quoteId} does not exist for this customer`, { quoteId: choice.quoteId });
  const now = nowS(ctx);
  if (quote.expiresAt <= now) {
    throw new DomainError('quote_expired', `quote ${quote.id} expired at ${new Date(quote.expiresAt * 1000).toISOString()}; ask for a new one`, { quoteId: quote.id, expiresAt: quote.expiresAt });
  }
  if (quote.addressId !== order.addressId) throw new DomainError('quote_mismatch', 'the order is for another address than the quote', { field: 'addressId', quoteId: quote.id });
  const orderLines = normaliseLines(placed.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })));
  if (JSON.stringify(orderLines) !== JSON.stringify(quote.lines)) {
    throw new DomainError('quote_mismatch', 'the order lines differ from the quoted lines', { field: 'lines', quoteId: quote.id, quoted: quote.lines });
  }
  const modes = quote.modes as ModeQuote[];
  const mode = choice.mode ?? recommendedMode(modes);
  const chosen = modes.find((m) => m.mode === mode);
  if (!mode || !chosen || !chosen.eligible) {
    throw new DomainError('mode_not_eligible', `the quote does not offer ${mode ?? 'any mode'} for this order`, { quoteId: quote.id, mode, reasons: chosen?.reasons ?? [] });
  }
  if (quote.windowStart !== null && (quote.windowStart !== order.windowStart || quote.windowEnd !== order.windowEnd)) {
    throw new DomainError('quote_mismatch', 'the order window differs from the quoted window', { field: 'window', quoteId: quote.id });
  }
  if (quote.windowStart === null && chosen.eta !== null && (chosen.eta < order.windowStart || chosen.eta > order.windowEnd)) {
    throw new DomainError('quote_mismatch', `the quoted ${mode} arrival lies outside the order window`, { field: 'window', quoteId: quote.id, eta: chosen.eta });
  }
  if (mode === 'drone' && order.hubId !== quote.hubId) {
    throw new DomainError('quote_stale', `stock moved: the order was allocated to ${order.hubId}, the drone quote was for ${quote.hubId}; ask for a new quote`, { quoteId: quote.id });
  }
  return { ...placed, order: { ...order, deliveryMode: mode, quoteId: quote.id } };
}

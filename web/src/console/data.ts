// What the console knows about the city, loaded through the public API only. Features that
// the server may not offer yet (fleet, plans, zones, webhooks, purchase orders) are probed:
// a 404 route_not_found switches the feature off and its panel hides.
import { Api, ApiError, type Page } from '../shared/api.js';
import { FINISHED_STATES, OPEN_STATES, routesOf, toVehicle, toZone, type Address, type Hub, type Order, type Route, type Vehicle, type Zone } from '../shared/model.js';

export interface Features {
  flightPlans?: boolean;
  vehicles: boolean;
  plans: boolean;
  zones: boolean;
  webhooks: boolean;
  purchaseOrders: boolean;
  reorderRules: boolean;
}

type Loose = Record<string, unknown>;

/** Paths of the endpoints the console reads beyond orders/hubs/customers (one place to change). */
export const PATHS = {
  vehicles: '/v1/vehicles',
  hubPlan: (hubId: string) => `/v1/hubs/${hubId}/plan`,
  dispatch: (hubId: string) => `/v1/hubs/${hubId}/dispatch`,
  zones: '/v1/no-fly-zones',
  webhooks: '/v1/webhooks',
  webhookDeliveries: (subscriptionId: string) => `/v1/webhooks/${subscriptionId}/deliveries`,
  purchaseOrders: '/v1/purchase-orders',
  reorderRules: '/v1/reorder-rules',
  stream: '/v1/stream',
  flightPlans: '/v1/flight-plans',
  trackingLink: (orderId: string) => `/v1/orders/${orderId}/tracking-link`,
};

export class ConsoleData {
  hubs: Hub[] = [];
  orders: Order[] = [];
  readonly addresses = new Map<string, Address>();
  private readonly customersLoaded = new Set<string>();
  readonly vehicles = new Map<string, Vehicle>();
  routes: Route[] = [];
  zones: Zone[] = [];
  features: Features = { vehicles: true, plans: true, zones: true, webhooks: true, purchaseOrders: true, reorderRules: true };
  loadedAt: Date | null = null;
  zonesPath: string = PATHS.zones;

  constructor(readonly api: Api) {}

  hubById(): Map<string, Hub> {
    return new Map(this.hubs.map((h) => [h.id, h]));
  }

  openOrders(): Order[] {
    return this.orders.filter((o) => (OPEN_STATES as readonly string[]).includes(o.state));
  }

  async loadAll(): Promise<void> {
    this.hubs = await this.api.all<Hub>('/v1/hubs');
    // Open orders completely (one listing per state), finished ones up to a cap: lists run oldest
    // first, and the open ones are what the map and dispatch need.
    const open = await Promise.all(OPEN_STATES.map((state) => this.api.all<Order>('/v1/orders', { state }, 5000)));
    const finished = await Promise.all(FINISHED_STATES.map((state) => this.api.all<Order>('/v1/orders', { state }, 3000)));
    this.orders = [...open.flat(), ...finished.flat()];
    await Promise.all([this.loadAddresses(), this.loadVehicles(), this.loadRoutes(), this.loadZones()]);
    this.loadedAt = new Date();
  }

  /** Addresses of customers with open orders (one request per customer, cached). */
  private async loadAddresses(): Promise<void> {
    const wanted = [...new Set(this.openOrders().map((o) => o.customerId))].filter((c) => !this.customersLoaded.has(c));
    await Promise.all(
      wanted.map(async (customerId) => {
        const list = await this.api.get<Page<Address>>(`/v1/customers/${customerId}/addresses`, { limit: 200 });
        for (const a of list.data) this.addresses.set(a.id, a);
        this.customersLoaded.add(customerId);
      }),
    );
  }

  async loadVehicles(): Promise<void> {
    if (!this.features.vehicles) return;
    try {
      const list = await this.api.all<Loose>(PATHS.vehicles);
      for (const raw of list) this.vehicles.set(String(raw.id), toVehicle(raw));
    } catch (e) {
      if (e instanceof ApiError && e.routeMissing) this.features.vehicles = false;
      else throw e;
    }
  }

  async loadRoutes(): Promise<void> {
    if (!this.features.plans) return;
    const all: Route[] = [];
    // Only hubs with orders out for delivery have routes worth drawing (and surely a plan).
    const active = new Set(this.orders.filter((o) => o.state === 'dispatched').map((o) => o.hubId));
    for (const hub of this.hubs.filter((x) => active.has(x.id))) {
      try {
        all.push(...routesOf(await this.api.get<unknown>(PATHS.hubPlan(hub.id))));
      } catch (e) {
        if (e instanceof ApiError && e.routeMissing) {
          this.features.plans = false;
          return;
        }
        if (!(e instanceof ApiError && e.status === 404)) throw e; // no plan yet for this hub
      }
    }
    if (this.features.flightPlans) await this.attachSorties(all, [...active].filter((x): x is string => x !== null));
    this.routes = all;
  }

  /** Flight paths of drone sorties (per route), from the hubs' flight plans. */
  private async attachSorties(routes: Route[], hubIds: string[]): Promise<void> {
    const byRoute = new Map(routes.map((r) => [r.id, r]));
    for (const hubId of hubIds) {
      const plans = await this.api.all<Loose>(PATHS.flightPlans, { hubId }, 1000);
      for (const p of plans) {
        const route = typeof p.routeId === 'string' ? byRoute.get(p.routeId) : undefined;
        if (!route || !Array.isArray(p.path)) continue;
        const path = (p.path as number[][]).filter((w) => w.length >= 2).map((w) => [w[0]!, w[1]!] as [number, number]);
        if (path.length >= 2) (route.sorties ??= []).push(path);
      }
    }
  }

  async loadZones(): Promise<void> {
    if (!this.features.zones) return;
    try {
      // GeoJSON FeatureCollection (the airspace API) or a plain page of zones.
      const body = await this.api.get<{ features?: Loose[]; data?: Loose[] }>(this.zonesPath);
      const list = body.features ?? body.data ?? [];
      this.zones = list.map(toZone).filter((z): z is Zone => z !== null);
    } catch (e) {
      if (e instanceof ApiError && e.routeMissing) this.features.zones = false;
      else throw e;
    }
  }

  /** Applies one live event from the stream; returns what changed so the view can redraw only that. */
  applyEvent(type: string, payload: Loose): 'vehicle' | 'order' | 'plan' | null {
    const vehicleId = typeof payload.vehicleId === 'string' ? payload.vehicleId : type.startsWith('vehicle') && typeof payload.id === 'string' ? payload.id : null;
    const pos = (payload.position ?? payload) as Loose;
    if (vehicleId && typeof pos.lon === 'number' && typeof pos.lat === 'number') {
      const old = this.vehicles.get(vehicleId);
      const merged = toVehicle({ ...(old ?? { id: vehicleId }), ...payload, id: vehicleId, lon: pos.lon, lat: pos.lat });
      this.vehicles.set(vehicleId, merged);
      return 'vehicle';
    }
    if (type.startsWith('plan') || type.startsWith('dispatch') || type.startsWith('route')) return 'plan';
    if (type.startsWith('order') || typeof payload.orderId === 'string') return 'order';
    return null;
  }
}

// The web pages' DOM-free logic: SSE parsing, API shape normalisers, order filters, KPIs.
import { describe, expect, it } from 'vitest';
import { computeKpis } from '../../web/src/console/kpi-figures.js';
import { filterOrders, shortHubNames } from '../../web/src/console/order-filter.js';
import { routesOf, toVehicle, toZone, type Hub, type Order, type Vehicle } from '../../web/src/shared/model.js';
import { parseSseChunk, type SseEvent } from '../../web/src/shared/sse.js';

describe('parseSseChunk', () => {
  it('splits complete events, keeps the incomplete tail, skips comments and joins data lines', () => {
    const got: SseEvent[] = [];
    const rest = parseSseChunk('retry: 2000\n\n: ping\n\nid: 7\nevent: order.ready\ndata: {"a":1}\n\nid: 8\ndata: line1\ndata: line2\r\n\r\nid: 9\nevent: x\ndata: part', (e) => got.push(e));
    expect(got).toEqual([
      { event: 'order.ready', data: '{"a":1}', id: '7' },
      { event: 'message', data: 'line1\nline2', id: '8' },
    ]);
    expect(rest).toBe('id: 9\nevent: x\ndata: part');
    const more: SseEvent[] = [];
    expect(parseSseChunk(`${rest}ial\n\n`, (e) => more.push(e))).toBe('');
    expect(more).toEqual([{ event: 'x', data: 'partial', id: '9' }]);
  });
});

describe('API shape normalisers', () => {
  it('read a vehicle position from position {lon, lat, at} or lastLon/lastLat', () => {
    expect(toVehicle({ id: 'veh_1', hubId: 'hub_1', kind: 'drone', name: 'D', status: 'en_route', position: { lon: 4.8, lat: 45.7, at: '2026-11-27T08:00:00Z' }, batteryPct: 80 })).toEqual({
      id: 'veh_1', hubId: 'hub_1', kind: 'drone', name: 'D', status: 'en_route', lon: 4.8, lat: 45.7, batteryPct: 80, lastSeenAt: '2026-11-27T08:00:00Z', currentRouteId: null,
    });
    const legacy = toVehicle({ id: 'veh_2', lastLon: 1, lastLat: 2, position: null });
    expect([legacy.lon, legacy.lat, legacy.batteryPct]).toEqual([1, 2, null]);
  });

  it('read no-fly zones from GeoJSON features (Polygon, MultiPolygon) and refuse geometry-less ones', () => {
    const ring = [[4.9, 45.7], [4.97, 45.7], [4.97, 45.75], [4.9, 45.7]];
    expect(toZone({ type: 'Feature', id: 'nfz_1', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { name: 'Airport' } })).toEqual({ id: 'nfz_1', name: 'Airport', rings: [ring] });
    expect(toZone({ id: 'nfz_2', geometry: { type: 'MultiPolygon', coordinates: [[ring], [ring]] }, properties: {} })?.rings).toHaveLength(2);
    expect(toZone({ id: 'nfz_3', properties: { name: 'nothing' } })).toBeNull();
  });

  it('read a plan’s routes and their stops', () => {
    const routes = routesOf({ id: 'pln_1', routes: [{ id: 'rte_1', vehicleId: 'veh_1', state: 'planned', stops: [{ id: 'stp_1', kind: 'delivery', orderId: 'ord_1', lon: 4.8, lat: 45.7, plannedArrival: '2026-11-27T08:00:00Z', eta: null, state: 'planned', tripNo: 1 }] }] });
    expect(routes).toHaveLength(1);
    expect(routes[0]!.stops[0]).toMatchObject({ orderId: 'ord_1', lon: 4.8, lat: 45.7, eta: '2026-11-27T08:00:00Z' });
    expect(routesOf(null)).toEqual([]);
  });
});

const order = (id: string, state: string, hubId: string, extra: Partial<Order> = {}): Order => ({
  id, state, hubId, customerId: 'cus_1', addressId: 'adr_1', totalMinor: 100, currency: 'EUR', weightG: 100,
  window: { start: '2026-11-27T08:00:00Z', end: '2026-11-27T10:00:00Z' }, createdAt: '2026-11-27T07:00:00Z', updatedAt: '2026-11-27T07:00:00Z', ...extra,
});

describe('order filters', () => {
  const orders = [order('ord_1A', 'ready', 'hub_n', { mode: 'van' }), order('ord_2B', 'dispatched', 'hub_s', { mode: 'drone' }), order('ord_3C', 'ready', 'hub_s', { mode: 'van' })];
  it('combine state, hub, mode and id search; newest (highest id) first', () => {
    expect(filterOrders(orders, { state: '', hubId: '', mode: '', search: '' }).map((o) => o.id)).toEqual(['ord_3C', 'ord_2B', 'ord_1A']);
    expect(filterOrders(orders, { state: 'ready', hubId: 'hub_s', mode: '', search: '' }).map((o) => o.id)).toEqual(['ord_3C']);
    expect(filterOrders(orders, { state: '', hubId: '', mode: 'drone', search: '' }).map((o) => o.id)).toEqual(['ord_2B']);
    expect(filterOrders(orders, { state: '', hubId: '', mode: '', search: '  1a ' }).map((o) => o.id)).toEqual(['ord_1A']);
  });

  it('shorten hub names only when they share a first word', () => {
    const hub = (id: string, name: string): Hub => ({ id, name, lon: 0, lat: 0, serviceRadiusM: 1, launchPads: 0, chargers: 0 });
    expect([...shortHubNames([hub('a', 'Lyon Vaise'), hub('b', 'Lyon Part-Dieu')]).values()]).toEqual(['Vaise', 'Part-Dieu']);
    expect([...shortHubNames([hub('a', 'Lyon Vaise'), hub('b', 'Paris Nord')]).values()]).toEqual(['Lyon Vaise', 'Paris Nord']);
    expect([...shortHubNames([hub('a', 'Lyon Vaise')]).values()]).toEqual(['Lyon Vaise']);
  });
});

describe('KPIs of the day', () => {
  it('count today’s orders by outcome, on-time deliveries against the window end, and busy vehicles', () => {
    const now = Date.parse('2026-11-27T12:00:00');
    const today = (h: number) => new Date(`2026-11-27T${String(h).padStart(2, '0')}:00:00`).toISOString();
    const window = { start: today(8), end: today(10) };
    const orders = [
      order('o1', 'delivered', 'h', { createdAt: today(7), updatedAt: today(9), window }), // on time
      order('o2', 'delivered', 'h', { createdAt: today(7), updatedAt: today(11), window }), // late
      order('o3', 'failed', 'h', { createdAt: today(7), updatedAt: today(9), window }),
      order('o4', 'cancelled', 'h', { createdAt: '2026-11-26T10:00:00Z', updatedAt: '2026-11-26T11:00:00Z', window }), // yesterday
      order('o5', 'ready', 'h', { createdAt: today(11), updatedAt: today(11), window }),
    ];
    const vehicle = (status: string): Vehicle => ({ id: status, hubId: 'h', kind: 'van', name: status, status, lon: null, lat: null, batteryPct: null, lastSeenAt: null, currentRouteId: null });
    expect(computeKpis(orders, [vehicle('en_route'), vehicle('idle'), vehicle('charging')], now)).toEqual({
      placedToday: 4, deliveredToday: 2, onTimePct: 50, failedToday: 1, cancelledToday: 0, open: 2, vehiclesBusy: 1, vehiclesTotal: 3,
    });
    expect(computeKpis([], [], now).onTimePct).toBeNull();
  });
});

// Fleet panel: every vehicle with battery, status and its current trip.
import { formatTime, h } from '../../shared/format.js';
import type { Hub, Route, Vehicle } from '../../shared/model.js';

export function currentRoute(v: Vehicle, routes: Route[]): Route | undefined {
  return routes.find((r) => r.vehicleId === v.id && (r.state === 'started' || r.state === 'planned'));
}

export function tripLabel(route: Route | undefined): string {
  if (!route) return '—';
  const deliveries = route.stops.filter((s) => s.orderId);
  const done = deliveries.filter((s) => s.state === 'done' || s.state === 'failed').length;
  return `${route.state}: ${done}/${deliveries.length} stops`;
}

export function batteryMeter(pct: number | null): HTMLElement {
  if (pct === null) return h('span', {}, '—');
  const p = Math.round(pct);
  return h(
    'span',
    { class: 'battery' },
    h('meter', { min: 0, max: 100, low: 25, high: 60, optimum: 100, value: p, 'aria-label': `battery ${p}%` }),
    ` ${p}%`,
  );
}

export class FleetPanel {
  private readonly body = h('tbody');
  readonly el: HTMLElement;

  constructor(private readonly onOpen: (vehicleId: string) => void) {
    this.el = h(
      'div',
      { class: 'panel-body' },
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data', id: 'fleet-table' },
          h('caption', { class: 'sr-only' }, 'Vehicles'),
          h('thead', {}, h('tr', {}, ...['Vehicle', 'Status', 'Battery', 'Current trip', 'Seen'].map((t) => h('th', { scope: 'col' }, t)))),
          this.body,
        ),
      ),
    );
  }

  update(vehicles: Vehicle[], hubs: Map<string, Hub>, routes: Route[]): void {
    const sorted = [...vehicles].sort((a, b) => a.hubId.localeCompare(b.hubId) || a.name.localeCompare(b.name));
    this.body.replaceChildren(
      ...sorted.map((v) =>
        h(
          'tr',
          { 'data-vehicle-id': v.id },
          h('td', { title: `${v.kind} of ${hubs.get(v.hubId)?.name ?? v.hubId}` }, h('button', { type: 'button', class: 'link', onclick: () => this.onOpen(v.id) }, v.name)),
          h('td', {}, h('span', { class: `badge vs-${v.status}` }, v.status)),
          h('td', {}, batteryMeter(v.batteryPct)),
          h('td', {}, tripLabel(currentRoute(v, routes))),
          h('td', {}, formatTime(v.lastSeenAt)),
        ),
      ),
    );
  }
}

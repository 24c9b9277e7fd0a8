// The KPI strip in the header (figures from kpi-figures.ts).
import { h } from '../../shared/format.js';
import type { DayKpis } from '../kpi-figures.js';

export function renderKpis(el: HTMLElement, k: DayKpis, showFleet: boolean): void {
  const item = (label: string, value: string, id: string) =>
    h('div', { class: 'kpi', 'data-kpi': id }, h('dt', {}, label), h('dd', {}, value));
  el.replaceChildren(
    h(
      'dl',
      { class: 'kpis' },
      item('Placed today', String(k.placedToday), 'placed'),
      item('Delivered today', String(k.deliveredToday), 'delivered'),
      item('On time', k.onTimePct === null ? '—' : `${k.onTimePct}%`, 'on-time'),
      item('Open', String(k.open), 'open'),
      item('Failed today', String(k.failedToday), 'failed'),
      item('Cancelled today', String(k.cancelledToday), 'cancelled'),
      showFleet ? item('Vehicles busy', `${k.vehiclesBusy}/${k.vehiclesTotal}`, 'busy') : null,
    ),
  );
}

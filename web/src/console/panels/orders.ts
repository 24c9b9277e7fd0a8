// Orders panel: filter by state, hub and mode (mode only when the server reports one),
// search by id; each row opens the order's detail.
import { formatTime, h } from '../../shared/format.js';
import { ORDER_STATES, type Hub, type Order } from '../../shared/model.js';
import { filterOrders, shortHubNames, type OrderFilters } from '../order-filter.js';

export class OrdersPanel {
  private readonly filters: OrderFilters = { state: '', hubId: '', mode: '', search: '' };
  private readonly body = h('tbody');
  private readonly count = h('p', { class: 'count', 'aria-live': 'polite' });
  private readonly hubSelect = h('select', { id: 'f-hub', name: 'hub' });
  private readonly modeWrap = h('div', { class: 'field', hidden: true });
  private orders: Order[] = [];
  private shortNames = new Map<string, string>();
  readonly el: HTMLElement;

  constructor(private readonly onOpen: (orderId: string) => void) {
    const stateSelect = h('select', { id: 'f-state', name: 'state' }, h('option', { value: '' }, 'All states'), ...ORDER_STATES.map((s) => h('option', { value: s }, s)));
    const modeSelect = h('select', { id: 'f-mode', name: 'mode' }, h('option', { value: '' }, 'All modes'), h('option', { value: 'van' }, 'van'), h('option', { value: 'drone' }, 'drone'));
    const search = h('input', { id: 'f-search', name: 'search', type: 'search', placeholder: 'ord_…', autocomplete: 'off' });
    stateSelect.addEventListener('change', () => this.set('state', stateSelect.value));
    this.hubSelect.addEventListener('change', () => this.set('hubId', this.hubSelect.value));
    modeSelect.addEventListener('change', () => this.set('mode', modeSelect.value));
    search.addEventListener('input', () => this.set('search', search.value));
    this.modeWrap.append(h('label', { for: 'f-mode' }, 'Mode'), modeSelect);
    this.el = h(
      'div',
      { class: 'panel-body' },
      h(
        'form',
        { class: 'filters', role: 'search', 'aria-label': 'Filter orders', onsubmit: (e: Event) => e.preventDefault() },
        h('div', { class: 'field' }, h('label', { for: 'f-state' }, 'State'), stateSelect),
        h('div', { class: 'field' }, h('label', { for: 'f-hub' }, 'Hub'), this.hubSelect),
        this.modeWrap,
        h('div', { class: 'field grow' }, h('label', { for: 'f-search' }, 'Search by id'), search),
      ),
      this.count,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data', id: 'orders-table' },
          h('caption', { class: 'sr-only' }, 'Orders, newest first'),
          h('thead', {}, h('tr', {}, ...['Order', 'State', 'Hub', 'Window'].map((t) => h('th', { scope: 'col' }, t)))),
          this.body,
        ),
      ),
    );
  }

  private set(k: keyof OrderFilters, v: string): void {
    this.filters[k] = v;
    this.render();
  }

  update(orders: Order[], hubs: Hub[]): void {
    this.orders = orders;
    this.shortNames = shortHubNames(hubs);
    const current = this.hubSelect.value;
    this.hubSelect.replaceChildren(h('option', { value: '' }, 'All hubs'), ...hubs.map((x) => h('option', { value: x.id }, x.name)));
    this.hubSelect.value = current;
    this.modeWrap.hidden = !orders.some((o) => typeof o.mode === 'string');
    this.render();
  }

  private render(): void {
    const rows = filterOrders(this.orders, this.filters);
    const shown = rows.slice(0, 300);
    this.count.textContent = `${rows.length} order${rows.length === 1 ? '' : 's'}${rows.length > shown.length ? `, showing the newest ${shown.length}` : ''}`;
    this.body.replaceChildren(
      ...shown.map((o) =>
        h(
          'tr',
          { 'data-order-id': o.id },
          h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => this.onOpen(o.id) }, o.id)),
          h('td', {}, h('span', { class: `badge st-${o.state}` }, o.state)),
          h('td', {}, (o.hubId && this.shortNames.get(o.hubId)) ?? '—'),
          h('td', {}, `${formatTime(o.window.start)}–${formatTime(o.window.end)}`),
        ),
      ),
    );
  }
}

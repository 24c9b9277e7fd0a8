// The detail region: one order, vehicle or hub at a time, with its actions.
import { Api, ApiError, type Page } from '../shared/api.js';
import { formatDateTime, formatMoney, formatTime, formatWeight, h } from '../shared/format.js';
import type { Address, Order, OrderEvent, StockLevel } from '../shared/model.js';
import { PATHS, type ConsoleData } from './data.js';
import { batteryMeter, currentRoute } from './panels/fleet.js';

type Loose = Record<string, unknown>;
const CANCELLABLE = ['placed', 'allocated', 'ready'];

export class DetailView {
  readonly el = h('section', { class: 'detail', id: 'detail', 'aria-labelledby': 'detail-title', tabindex: -1 });
  private token = 0;
  /** What the region shows, so a refresh can redraw it when it changed underneath. */
  private current: { kind: 'order'; id: string; state: string } | { kind: 'vehicle'; id: string } | null = null;

  constructor(
    private readonly data: ConsoleData,
    private readonly announce: (msg: string, kind?: 'ok' | 'error') => void,
    private readonly afterChange: () => void,
  ) {
    this.clear();
  }

  clear(): void {
    this.current = null;
    this.el.classList.add('empty');
    this.el.replaceChildren(h('h2', { id: 'detail-title' }, 'Detail'), h('p', { class: 'muted' }, 'Select an order, vehicle or hub on the map or in a list.'));
  }

  private get api(): Api {
    return this.data.api;
  }

  /** After a data reload: redraws an order whose state moved, and the shown vehicle (position, battery). */
  async refresh(): Promise<void> {
    const c = this.current;
    if (!c) return;
    if (c.kind === 'vehicle') {
      this.showVehicle(c.id, false);
      return;
    }
    const now = this.data.orders.find((o) => o.id === c.id);
    if (now && now.state !== c.state) await this.showOrder(c.id, false);
  }

  private show(title: string, focus: boolean, ...children: Array<Node | null>): void {
    this.el.classList.remove('empty');
    this.el.replaceChildren(
      h('div', { class: 'detail-head' }, h('h2', { id: 'detail-title' }, title), h('button', { type: 'button', class: 'close', 'aria-label': 'Close detail', onclick: () => this.clear() }, '×')),
      ...children.filter((c): c is Node => c !== null),
    );
    if (focus) this.el.focus({ preventScroll: true });
  }

  async showOrder(id: string, focus = true): Promise<void> {
    const my = ++this.token;
    const [order, events] = await Promise.all([this.api.get<Order>(`/v1/orders/${id}`), this.api.all<OrderEvent>(`/v1/orders/${id}/events`)]);
    let address = this.data.addresses.get(order.addressId);
    if (!address) {
      const list = await this.api.get<Page<Address>>(`/v1/customers/${order.customerId}/addresses`, { limit: 200 });
      address = list.data.find((a) => a.id === order.addressId);
    }
    const tracking = await this.trackingOf(id);
    if (my !== this.token) return; // another selection arrived meanwhile
    const hub = order.hubId ? this.data.hubById().get(order.hubId) : undefined;

    const facts = h(
      'dl',
      { class: 'facts' },
      ...pair('State', h('span', { class: `badge st-${order.state}` }, order.state)),
      ...pair('Hub', hub?.name ?? order.hubId ?? '—'),
      ...pair('Window', `${formatDateTime(order.window.start)} – ${formatTime(order.window.end)}`),
      ...pair('Total', formatMoney(order.totalMinor, order.currency)),
      ...pair('Weight', formatWeight(order.weightG)),
      ...(order.mode ? pair('Mode', order.mode) : []),
      ...(address ? pair('Address', `${address.line1}, ${address.postcode} ${address.city}`) : []),
      ...(address ? pair('Drop-off', `${address.dropoff}${address.dropoffNotes ? ` — ${address.dropoffNotes}` : ''}`) : []),
      ...(tracking?.eta ? pair('ETA', formatTime(tracking.eta)) : []),
      ...(tracking?.access ? pair('Smart access', accessText(tracking.access)) : []),
    );
    const lines = h('ul', { class: 'lines' }, ...(order.lines ?? []).map((l) => h('li', {}, `${l.quantity} × ${l.sku}`)));
    const timeline = h(
      'ol',
      { class: 'timeline', 'aria-label': 'Timeline' },
      ...events.map((e) => h('li', {}, h('time', { datetime: e.at }, formatDateTime(e.at)), ` ${e.from ?? '—'} → `, h('strong', {}, e.to), ` by ${e.actor}${e.reason ? ` (${e.reason})` : ''}`)),
    );
    const proof = tracking?.proof ? proofBlock(tracking.proof) : null;
    const link = tracking?.url ? h('p', {}, 'Customer tracking page: ', h('a', { href: tracking.url, target: '_blank', rel: 'noopener', 'data-tracking-link': '' }, 'open')) : null;
    this.current = { kind: 'order', id: order.id, state: order.state };
    this.show(`Order ${order.id}`, focus, facts, h('h3', {}, 'Lines'), lines, h('h3', {}, 'Timeline'), timeline, proof, link, order.state === 'allocated' ? this.readyButton(order.id) : null, CANCELLABLE.includes(order.state) ? this.cancelForm(order.id) : null);
    if (address) this.data.addresses.set(address.id, address);
  }

  /** The public tracking view of an order (ETA, access grant, proof), when the server offers it. */
  private async trackingOf(id: string): Promise<{ url: string; eta: string | null; proof: Loose | null; access: Loose | null } | null> {
    try {
      const link = await this.api.get<{ url: string; token: string }>(PATHS.trackingLink(id));
      const view = await new Api(null).get<Loose>(`/v1/track/${id}`, { t: link.token });
      return {
        url: link.url,
        eta: typeof view.eta === 'string' ? view.eta : null,
        proof: (view.proofOfDelivery as Loose | null) ?? null,
        access: (view.access as Loose | null) ?? null,
      };
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }

  /** The hub has picked and packed the order: it becomes eligible for the next dispatch round. */
  private readyButton(orderId: string): HTMLElement {
    const b = h('button', { type: 'button', 'data-action': 'ready' }, 'Mark ready for dispatch');
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        await this.api.post(`/v1/orders/${orderId}/transitions`, { to: 'ready' });
        this.announce(`Order ${orderId} is ready for dispatch.`);
        this.afterChange();
        await this.showOrder(orderId);
      } catch (e) {
        this.announce(`Cannot mark ${orderId} ready: ${(e as Error).message}`, 'error');
        b.disabled = false;
      }
    });
    return h('div', { class: 'actions' }, b);
  }

  private cancelForm(orderId: string): HTMLElement {
    const reason = h('input', { id: 'cancel-reason', name: 'reason', type: 'text', maxlength: 500, placeholder: 'optional' });
    const confirm = h('button', { type: 'submit', class: 'danger' }, 'Confirm cancellation');
    const box = h('div', { class: 'confirm', hidden: true }, h('label', { for: 'cancel-reason' }, 'Reason'), reason, confirm);
    const start = h('button', { type: 'button', class: 'danger', 'data-action': 'cancel' }, 'Cancel order…');
    start.addEventListener('click', () => {
      box.hidden = false;
      start.hidden = true;
      reason.focus();
    });
    const form = h('form', { class: 'actions', 'aria-label': 'Cancel this order' }, start, box);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      confirm.disabled = true;
      try {
        await this.api.post(`/v1/orders/${orderId}/cancel`, reason.value ? { reason: reason.value } : {});
        this.announce(`Order ${orderId} cancelled.`);
        this.afterChange();
        await this.showOrder(orderId);
      } catch (e) {
        this.announce(`Cannot cancel ${orderId}: ${(e as Error).message}`, 'error');
        confirm.disabled = false;
      }
    });
    return form;
  }

  showVehicle(id: string, focus = true): void {
    const v = this.data.vehicles.get(id);
    if (!v) return;
    if (focus) ++this.token; // a refresh does not cancel an order detail being loaded
    const route = currentRoute(v, this.data.routes);
    const stops = route
      ? h(
          'ol',
          { class: 'stops', 'aria-label': 'Stops of the current trip' },
          ...route.stops.map((s) =>
            h('li', { class: `stop ss-${s.state}` }, `${s.kind}${s.orderId ? ` ${s.orderId}` : ''} — ${s.state}${s.eta ? `, ETA ${formatTime(s.eta)}` : ''}`),
          ),
        )
      : h('p', { class: 'muted' }, 'No current trip.');
    this.current = { kind: 'vehicle', id };
    this.show(
      `${v.kind === 'drone' ? 'Drone' : 'Vehicle'} ${v.name}`,
      focus,
      h(
        'dl',
        { class: 'facts' },
        ...pair('Id', v.id),
        ...pair('Status', h('span', { class: `badge vs-${v.status}` }, v.status)),
        ...pair('Battery', batteryMeter(v.batteryPct)),
        ...pair('Hub', this.data.hubById().get(v.hubId)?.name ?? v.hubId),
        ...pair('Position', v.lat !== null && v.lon !== null ? `${v.lat.toFixed(5)}, ${v.lon.toFixed(5)}` : '—'),
        ...pair('Last seen', formatDateTime(v.lastSeenAt)),
        ...(route ? pair('Current trip', `${route.id} (${route.state})`) : []),
      ),
      h('h3', {}, 'Current trip'),
      stops,
    );
  }

  async showHub(id: string): Promise<void> {
    const my = ++this.token;
    const hub = this.data.hubById().get(id);
    if (!hub) return;
    const stock = await this.api.all<StockLevel>(`/v1/hubs/${id}/stock`);
    const rules = this.data.features.reorderRules ? await this.optionalList(PATHS.reorderRules, 'reorderRules', { hubId: id }) : null;
    const pos = this.data.features.purchaseOrders ? await this.optionalList(PATHS.purchaseOrders, 'purchaseOrders', { hubId: id }) : null;
    if (my !== this.token) return;
    const ruleByProduct = new Map((rules ?? []).map((r) => [String(r.productId), r]));
    const stockTable = h(
      'table',
      { class: 'data compact', id: 'stock-table' },
      h('caption', {}, 'Stock levels'),
      h('thead', {}, h('tr', {}, ...['SKU', 'On hand', 'Reserved', 'Available', ...(rules ? ['Reorder min / max'] : [])].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        ...stock.map((s) => {
          const rule = ruleByProduct.get(s.productId);
          const low = rule ? s.available <= Number(rule.min ?? rule.reorderPoint) : s.available === 0;
          return h(
            'tr',
            { class: low ? 'low' : '' },
            h('td', {}, s.sku, low ? h('span', { class: 'badge st-failed' }, 'low') : null),
            h('td', { class: 'num' }, String(s.onHand)),
            h('td', { class: 'num' }, String(s.reserved)),
            h('td', { class: 'num' }, String(s.available)),
            rules ? h('td', { class: 'num' }, rule ? `${String(rule.min ?? rule.reorderPoint)} / ${String(rule.max ?? rule.reorderQuantity)}` : '—') : null,
          );
        }),
      ),
    );
    const poList = pos
      ? h(
          'table',
          { class: 'data compact', id: 'po-table' },
          h('caption', {}, 'Purchase orders'),
          h('thead', {}, h('tr', {}, ...['Id', 'State', 'Expected'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, ...pos.map((p) => h('tr', {}, h('td', {}, String(p.id)), h('td', {}, h('span', { class: 'badge' }, String(p.state))), h('td', {}, formatDateTime(p.expectedAt as string | null))))),
        )
      : null;
    this.current = null;
    this.show(`Hub ${hub.name}`, true, h('div', { class: 'table-wrap' }, stockTable), pos && pos.length === 0 ? h('p', { class: 'muted' }, 'No purchase orders.') : poList);
  }

  /** A list endpoint that may not exist yet: null (and the feature off) when the route is missing. */
  private async optionalList(path: string, feature: 'reorderRules' | 'purchaseOrders', query: Record<string, string> = {}): Promise<Loose[] | null> {
    try {
      return await this.api.all<Loose>(path, query);
    } catch (e) {
      if (e instanceof ApiError && e.routeMissing) {
        this.data.features[feature] = false;
        return null;
      }
      throw e;
    }
  }
}

function pair(label: string, value: string | Node): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, value)];
}

function accessText(access: Loose): string {
  const state = String(access.state ?? 'issued');
  const used = typeof access.usedAt === 'string' ? `, used ${formatDateTime(access.usedAt)}` : '';
  return `${access.deviceKind ? `${String(access.deviceKind)}: ` : ''}one-time access ${state}${used}`;
}

function proofBlock(proof: Loose): HTMLElement {
  return h(
    'div',
    { class: 'proof', 'data-proof': '' },
    h('h3', {}, 'Proof of delivery'),
    h(
      'dl',
      { class: 'facts' },
      ...pair('Delivered', formatDateTime(proof.at as string | null)),
      ...(proof.method ? pair('Method', String(proof.method)) : []),
      ...(proof.recipient ? pair('Received by', String(proof.recipient)) : []),
      ...(proof.note ? pair('Note', String(proof.note)) : []),
    ),
    typeof proof.photoUrl === 'string' ? h('img', { src: proof.photoUrl, alt: 'Photo taken at delivery', class: 'proof-photo' }) : null,
  );
}

// Hubs panel: one card per hub with its open orders and vehicles, a "Dispatch now" action
// and a link to the hub's detail (stock, reorder rules, purchase orders).
import { h } from '../../shared/format.js';
import type { Hub, Order, Vehicle } from '../../shared/model.js';

export class HubsPanel {
  readonly el = h('div', { class: 'panel-body hub-list' });

  constructor(
    private readonly onOpen: (hubId: string) => void,
    private readonly onDispatch: (hubId: string, button: HTMLButtonElement) => void,
  ) {}

  update(hubs: Hub[], openOrders: Order[], vehicles: Vehicle[], canDispatch: boolean): void {
    this.el.replaceChildren(
      ...hubs.map((hub) => {
        const open = openOrders.filter((o) => o.hubId === hub.id);
        const ready = open.filter((o) => o.state === 'allocated' || o.state === 'ready').length;
        const fleet = vehicles.filter((v) => v.hubId === hub.id);
        const dispatch = h('button', { type: 'button', class: 'primary', 'data-action': 'dispatch', 'data-hub-id': hub.id }, 'Dispatch now');
        dispatch.addEventListener('click', () => this.onDispatch(hub.id, dispatch));
        return h(
          'article',
          { class: 'hub-card', 'data-hub-id': hub.id, 'aria-labelledby': `hub-title-${hub.id}` },
          h('h3', { id: `hub-title-${hub.id}` }, hub.name),
          h(
            'p',
            { class: 'muted' },
            `${open.length} open orders (${ready} waiting for dispatch) · ${fleet.length ? `${fleet.length} vehicles · ` : ''}service radius ${(hub.serviceRadiusM / 1000).toFixed(1)} km`,
          ),
          h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', onclick: () => this.onOpen(hub.id) }, 'Stock and supply'),
            canDispatch ? dispatch : null,
          ),
        );
      }),
    );
  }
}

// Filtering the loaded orders (state, hub, mode, id search) and short hub names for narrow
// columns. DOM-free, so it is unit-tested.
import type { Hub, Order } from '../shared/model.js';

export interface OrderFilters {
  state: string;
  hubId: string;
  mode: string;
  search: string;
}

export function filterOrders(orders: Order[], f: OrderFilters): Order[] {
  const q = f.search.trim().toLowerCase();
  return orders
    .filter((o) => (!f.state || o.state === f.state) && (!f.hubId || o.hubId === f.hubId) && (!f.mode || o.mode === f.mode))
    .filter((o) => !q || o.id.toLowerCase().includes(q))
    .sort((a, b) => (a.id < b.id ? 1 : -1)); // ids are time-sortable: newest first
}

/** Hub names without the word they all share ("Lyon Confluence" → "Confluence"), for narrow columns. */
export function shortHubNames(hubs: Hub[]): Map<string, string> {
  const first = hubs.map((x) => x.name.split(' ')[0]);
  const shared = hubs.length > 1 && first.every((w) => w === first[0]) && hubs.every((x) => x.name.includes(' '));
  return new Map(hubs.map((x) => [x.id, shared ? x.name.slice(x.name.indexOf(' ') + 1) : x.name]));
}

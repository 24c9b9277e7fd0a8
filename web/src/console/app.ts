// The signed-in console: header with KPIs, the map, tabbed panels and the detail region.
// Data comes from a full reload every few seconds (slower while the live stream works) and
// from the operator stream (GET /v1/stream) when the server offers it.
import { Api, ApiError } from '../shared/api.js';
import { h } from '../shared/format.js';
import { openSse } from '../shared/sse.js';
import { ConsoleData, PATHS } from './data.js';
import type { Discovered } from './features.js';
import { DetailView } from './detail.js';
import { OperatorMap } from './map.js';
import { FleetPanel } from './panels/fleet.js';
import { HubsPanel } from './panels/hubs.js';
import { computeKpis } from './kpi-figures.js';
import { renderKpis } from './panels/kpis.js';
import { OrdersPanel } from './panels/orders.js';
import { WebhooksPanel, toDelivery } from './panels/webhooks.js';
import { session } from './session.js';
import { installZoneDrawing } from './zone-draw.js';

const POLL_MS_OFFLINE = 4000;
const POLL_MS_LIVE = 15000;
const VEHICLE_POLL_MS = 3000;

type TabId = 'orders' | 'fleet' | 'hubs' | 'webhooks';

export function startConsole(root: HTMLElement, api: Api, found: Discovered, onSignOut: () => void): () => void {
  const data = new ConsoleData(api);
  data.features = { ...found.features };
  if (found.zonesPath) data.zonesPath = found.zonesPath;
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const live = h('span', { class: 'live', id: 'live-state' }, 'connecting…');
  const kpis = h('section', { class: 'kpi-strip', 'aria-label': 'Key figures of the day' });
  const announce = (msg: string, kind: 'ok' | 'error' = 'ok') => {
    status.textContent = msg;
    status.className = `status ${kind}`;
  };

  let refreshQueued = false;
  const refreshSoon = () => {
    if (refreshQueued) return;
    refreshQueued = true;
    setTimeout(() => {
      refreshQueued = false;
      void refresh();
    }, 300);
  };

  const detail = new DetailView(data, announce, refreshSoon);
  const guard = (p: Promise<unknown>) => p.catch((e: Error) => announce(e.message, 'error'));
  const openOrder = (id: string) => void guard(detail.showOrder(id));
  const openVehicle = (id: string) => detail.showVehicle(id);
  const openHub = (id: string) => void guard(detail.showHub(id));

  const dispatch = async (hubId: string, button: HTMLButtonElement) => {
    button.disabled = true;
    try {
      const res = await api.post<Record<string, unknown>>(PATHS.dispatch(hubId), {});
      const n = typeof res.routes === 'number' ? res.routes : Array.isArray(res.routes) ? res.routes.length : null;
      const assigned = Array.isArray(res.assigned) ? res.assigned.length : null;
      const unassigned = Array.isArray(res.unassigned) ? res.unassigned.length : 0;
      announce(
        `Dispatched ${data.hubById().get(hubId)?.name ?? hubId}` +
          (n !== null ? `: ${n} route${n === 1 ? '' : 's'}` : '') +
          (assigned !== null ? `, ${assigned} order${assigned === 1 ? '' : 's'} planned` : '') +
          (unassigned ? `, ${unassigned} left for later` : '') +
          '.',
      );
      await refresh();
    } catch (e) {
      announce(`Dispatch failed: ${(e as Error).message}`, 'error');
    } finally {
      button.disabled = false;
    }
  };

  const orders = new OrdersPanel(openOrder);
  const fleet = new FleetPanel(openVehicle);
  const hubs = new HubsPanel(openHub, (id, b) => void dispatch(id, b));
  const webhooks = new WebhooksPanel();
  const panels: Record<TabId, { label: string; el: HTMLElement }> = {
    orders: { label: 'Orders', el: orders.el },
    fleet: { label: 'Fleet', el: fleet.el },
    hubs: { label: 'Hubs', el: hubs.el },
    webhooks: { label: 'Webhooks', el: webhooks.el },
  };
  const tabs = new Map<TabId, HTMLButtonElement>();
  const tablist = h('div', { role: 'tablist', 'aria-label': 'Panels', class: 'tabs' });
  const panelHost = h('div', { class: 'panel-host' });
  const selectTab = (id: TabId, focus = false) => {
    for (const [tid, btn] of tabs) {
      const on = tid === id;
      btn.setAttribute('aria-selected', String(on));
      btn.tabIndex = on ? 0 : -1;
      panels[tid].el.hidden = !on;
      if (on && focus) btn.focus();
    }
    panelHost.scrollTop = 0; // each panel starts at its top, not at the previous one's scroll
  };
  for (const [id, p] of Object.entries(panels) as Array<[TabId, { label: string; el: HTMLElement }]>) {
    const btn = h('button', { type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}` }, p.label);
    btn.addEventListener('click', () => selectTab(id));
    btn.addEventListener('keydown', (ev) => {
      // Arrow keys move between tabs (WAI-ARIA tabs pattern), skipping hidden ones.
      const ids = [...tabs.keys()].filter((t) => !tabs.get(t)!.hidden);
      const i = ids.indexOf(id);
      if (ev.key === 'ArrowRight') selectTab(ids[(i + 1) % ids.length]!, true);
      else if (ev.key === 'ArrowLeft') selectTab(ids[(i - 1 + ids.length) % ids.length]!, true);
      else return;
      ev.preventDefault();
    });
    tabs.set(id, btn);
    tablist.append(btn);
    p.el.id = `panel-${id}`;
    p.el.setAttribute('role', 'tabpanel');
    p.el.setAttribute('aria-labelledby', `tab-${id}`);
    p.el.tabIndex = 0;
    panelHost.append(p.el);
  }
  selectTab('orders');

  const mapEl = h('div', { class: 'map', id: 'map', role: 'region', 'aria-label': 'City map: hubs, orders, vehicles and routes' });
  const signOut = h('button', { type: 'button', class: 'signout' }, 'Sign out');
  root.replaceChildren(
    h(
      'header',
      { class: 'top' },
      h('h1', {}, 'Relais ', h('span', { class: 'muted' }, 'operator console')),
      kpis,
      h('div', { class: 'top-right' }, live, signOut),
    ),
    h(
      'main',
      { id: 'main', class: 'layout' },
      mapEl,
      h('aside', { class: 'side', id: 'panels', 'aria-label': 'Operations panels', tabindex: -1 }, tablist, panelHost, status, detail.el),
    ),
    legend(),
  );
  const map = new OperatorMap(mapEl, { onOrder: openOrder, onVehicle: openVehicle, onHub: openHub }, session.tileUrl());
  if (found.canCreateZone && found.zonesPath) {
    const zonesPath = found.zonesPath;
    const tool = installZoneDrawing({
      map: map.map,
      announce,
      save: async (name, ring) => {
        const closed = [...ring, ring[0]!];
        await api.post(zonesPath, { type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [closed] } });
        await data.loadZones();
        map.setZones(data.zones);
      },
    });
    status.before(tool);
  }

  let stopped = false;
  let streamLive = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const draw = () => {
    const vehicles = [...data.vehicles.values()];
    const hubById = data.hubById();
    map.setHubs(data.hubs);
    map.setZones(data.zones);
    map.setOrders(data.openOrders(), data.addresses);
    map.setRoutes(data.routes, data.vehicles, hubById);
    for (const v of vehicles) map.upsertVehicle(v);
    orders.update(data.orders, data.hubs);
    fleet.update(vehicles, hubById, data.routes);
    hubs.update(data.hubs, data.openOrders(), vehicles, data.features.plans);
    tabs.get('fleet')!.hidden = !data.features.vehicles;
    tabs.get('webhooks')!.hidden = !data.features.webhooks;
    renderKpis(kpis, computeKpis(data.orders, vehicles), data.features.vehicles);
  };

  const loadWebhooks = async () => {
    if (!data.features.webhooks) return;
    try {
      const subs = await api.all<Record<string, unknown>>(PATHS.webhooks, {}, 200);
      const lists = await Promise.all(subs.map(async (s) => (await api.all<Record<string, unknown>>(PATHS.webhookDeliveries(String(s.id)), {}, 500)).map((d) => toDelivery(d, s))));
      webhooks.update(lists.flat().sort((a, b) => ((a.at ?? '') < (b.at ?? '') ? 1 : -1)));
    } catch (e) {
      if (e instanceof ApiError && e.routeMissing) data.features.webhooks = false;
      else throw e;
    }
  };

  let refreshing = false;
  async function refresh(): Promise<void> {
    if (refreshing) return;
    refreshing = true;
    try {
      await data.loadAll();
      await loadWebhooks();
      draw();
      await detail.refresh();
      document.body.dataset.loaded = String(Date.now());
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        stop();
        onSignOut();
        return;
      }
      announce(`Refresh failed: ${(e as Error).message}`, 'error');
    } finally {
      refreshing = false;
    }
  }

  const loop = async () => {
    await refresh();
    if (!stopped) timer = setTimeout(loop, streamLive ? POLL_MS_LIVE : POLL_MS_OFFLINE);
  };
  void loop();
  if (!found.stream) {
    live.textContent = 'polling';
    live.className = 'live unavailable';
  }

  // Vehicles move between full reloads: their positions are polled on their own, cheaply.
  const vehicleTimer = setInterval(() => {
    if (!data.features.vehicles || refreshing) return;
    data
      .loadVehicles()
      .then(() => {
        const vehicles = [...data.vehicles.values()];
        for (const v of vehicles) map.upsertVehicle(v);
        fleet.update(vehicles, data.hubById(), data.routes);
      })
      .catch(() => undefined); // the next full refresh reports errors
  }, VEHICLE_POLL_MS);

  const closeStream = !found.stream ? () => undefined : openSse({
    url: PATHS.stream,
    headers: { authorization: `Bearer ${session.key() ?? ''}` },
    onStatus: (s) => {
      streamLive = s === 'live';
      live.textContent = s === 'live' ? 'live' : s === 'retrying' ? 'reconnecting…' : 'polling';
      live.className = `live ${s}`;
    },
    onEvent: (ev) => {
      let payload: Record<string, unknown>;
      try {
        payload = JSON.parse(ev.data) as Record<string, unknown>;
      } catch {
        return;
      }
      const type = typeof payload.type === 'string' ? payload.type : ev.event;
      const inner = (payload.payload ?? payload.data ?? payload) as Record<string, unknown>;
      const changed = data.applyEvent(type, inner);
      if (changed === 'vehicle') {
        const id = String(inner.vehicleId ?? inner.id);
        const v = data.vehicles.get(id);
        if (v) map.upsertVehicle(v);
      } else if (changed) refreshSoon();
    },
  });

  function stop(): void {
    stopped = true;
    if (timer) clearTimeout(timer);
    clearInterval(vehicleTimer);
    closeStream();
    map.map.remove();
  }
  signOut.addEventListener('click', () => {
    stop();
    session.clear();
    onSignOut();
  });
  return stop;
}

function legend(): HTMLElement {
  const item = (cls: string, text: string) => h('li', {}, h('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), text);
  return h(
    'footer',
    { class: 'legend', 'aria-label': 'Map legend' },
    h(
      'ul',
      {},
      item('sw-hub', 'hub'),
      item('st-allocated', 'allocated'),
      item('st-ready', 'ready'),
      item('st-dispatched', 'dispatched'),
      item('st-failed', 'failed'),
      item('vehicle', 'vehicle (V van, ✈ drone)'),
      item('route-line', 'route (dashed: drone sortie)'),
      item('zone-swatch', 'no-fly zone'),
    ),
  );
}

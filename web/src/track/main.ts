// The customer tracking page /track/{orderId}?t={token}: no account, only the per-order
// token. Shows the state, a live ETA (refreshed every few seconds until the order is
// finished), the vehicle on a small map while it is on its way, the drop-off instructions,
// the smart-home access grant and, at the end, the proof of delivery.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { Api, ApiError } from '../shared/api.js';
import { formatDateTime, formatRelative, formatTime, h } from '../shared/format.js';
import '../shared/styles.css';
import { TERMINAL_STAGES, type TrackingView } from './view.js';

const REFRESH_MS = 5000;
const STEPS: Array<[TrackingView['stage'], string]> = [
  ['received', 'Order received'],
  ['preparing', 'Being prepared'],
  ['on_the_way', 'On its way'],
  ['delivered', 'Delivered'],
];
const HEADLINE: Record<TrackingView['stage'], string> = {
  received: 'We have your order',
  preparing: 'Your order is being prepared',
  on_the_way: 'Your order is on its way',
  delivered: 'Your order has been delivered',
  failed: 'The delivery attempt did not succeed',
  returned: 'Your order went back to the hub',
  cancelled: 'Your order was cancelled',
};

const root = document.getElementById('app')!;
document.body.className = 'page-track';
const orderId = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const token = new URLSearchParams(location.search).get('t') ?? '';
const api = new Api(null);

const headline = h('p', { class: 'big', id: 'headline' });
const etaLine = h('p', { id: 'eta', 'aria-live': 'polite' });
const steps = h('ol', { class: 'steps', 'aria-label': 'Progress' });
const mapEl = h('div', { class: 'map', id: 'track-map', role: 'img', 'aria-label': 'Map with the delivery vehicle and your address' });
const mapCard = h('section', { class: 'card', 'aria-labelledby': 'map-title', hidden: true }, h('h2', { id: 'map-title' }, 'Where is it?'), mapEl);
const dropoff = h('section', { class: 'card', id: 'dropoff', 'aria-labelledby': 'dropoff-title', hidden: true });
const proof = h('section', { class: 'card', id: 'proof', 'aria-labelledby': 'proof-title', hidden: true });
const history = h('ol', { class: 'timeline', id: 'history' });
const errorBox = h('p', { class: 'error', role: 'alert' });

root.replaceChildren(
  h(
    'main',
    { class: 'track', id: 'main' },
    h('header', {}, h('h1', {}, 'Track your delivery'), h('p', { class: 'muted' }, `Order ${orderId}`)),
    errorBox,
    h('section', { class: 'card', 'aria-labelledby': 'headline', 'data-stage': '' }, headline, etaLine, steps),
    mapCard,
    dropoff,
    proof,
    h('section', { class: 'card', 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, 'History'), history),
  ),
);

let map: L.Map | null = null;
let vehicleMarker: L.Marker | null = null;
let leg: L.Polyline | null = null;

let gridDrawn = false;
/** No remote tiles: a light grid gives the map its scale (lines every 0.002°, about 200 m). */
function drawGrid(m: L.Map, b: L.LatLngBounds): void {
  gridDrawn = true;
  const step = 0.002;
  const style = { color: '#8c959f', weight: 0.5, opacity: 0.5, interactive: false };
  for (let lat = Math.floor(b.getSouth() / step) * step; lat <= b.getNorth(); lat += step) L.polyline([[lat, b.getWest()], [lat, b.getEast()]], style).addTo(m);
  for (let lon = Math.floor(b.getWest() / step) * step; lon <= b.getEast(); lon += step) L.polyline([[b.getSouth(), lon], [b.getNorth(), lon]], style).addTo(m);
}

function drawMap(view: TrackingView): void {
  const show = view.stage === 'on_the_way' && view.vehicle !== null;
  mapCard.hidden = !show;
  if (!show || !view.vehicle) return;
  const v: [number, number] = [view.vehicle.lat, view.vehicle.lon];
  if (!map) {
    map = L.map(mapEl, { attributionControl: false, zoomControl: true });
    if (view.destination) {
      L.marker([view.destination.lat, view.destination.lon], {
        icon: L.divIcon({ className: 'mk mk-hub', html: '<span aria-hidden="true">⌂</span>', iconSize: [24, 24] }),
        title: 'Your address',
        alt: 'Your address',
      }).addTo(map);
    }
  }
  const icon = L.divIcon({ className: `mk mk-vehicle kind-${view.vehicle.kind}`, html: `<span aria-hidden="true">${view.vehicle.kind === 'drone' ? '✈' : 'V'}</span>`, iconSize: [22, 22] });
  if (!vehicleMarker) vehicleMarker = L.marker(v, { icon, title: 'Delivery vehicle', alt: 'Delivery vehicle' }).addTo(map);
  else vehicleMarker.setLatLng(v);
  const el = vehicleMarker.getElement();
  if (el) {
    el.dataset.lon = String(view.vehicle.lon);
    el.dataset.lat = String(view.vehicle.lat);
  }
  const pts: Array<[number, number]> = view.destination ? [v, [view.destination.lat, view.destination.lon]] : [v];
  // A dashed line from the vehicle to the address: the way still to go, as the crow flies.
  leg?.remove();
  leg = pts.length === 2 ? L.polyline(pts, { color: '#0550ae', weight: 2, dashArray: '4 6', interactive: false }).addTo(map) : null;
  const bounds = L.latLngBounds(pts).pad(0.3);
  if (!gridDrawn) drawGrid(map, bounds.pad(12));
  map.fitBounds(bounds, { maxZoom: 16 });
}

function render(view: TrackingView): void {
  document.body.dataset.stage = view.stage;
  headline.textContent = HEADLINE[view.stage];
  if (view.stage === 'delivered' && view.proofOfDelivery) etaLine.textContent = `Delivered at ${formatTime(view.proofOfDelivery.at)}.`;
  else if (view.stage === 'delivered') etaLine.textContent = 'Delivered.';
  else if (view.eta) {
    // Relative to the server's clock (a simulation runs the server in simulated time).
    const rel = formatRelative(view.eta, Number.isFinite(Date.parse(view.asOf)) ? Date.parse(view.asOf) : Date.now());
    etaLine.textContent = `Estimated arrival ${formatTime(view.eta)}${rel ? ` (${rel})` : ''}.`;
  }
  else if (!TERMINAL_STAGES.includes(view.stage)) etaLine.textContent = `Expected between ${formatTime(view.window.start)} and ${formatTime(view.window.end)}.`;
  else etaLine.textContent = '';
  etaLine.dataset.eta = view.eta ?? '';

  const at = STEPS.findIndex(([s]) => s === view.stage);
  steps.hidden = at < 0;
  steps.replaceChildren(
    ...STEPS.map(([, label], i) => h('li', { class: i < at ? 'done' : i === at ? 'current' : '', 'aria-current': i === at ? 'step' : undefined }, label)),
  );

  drawMap(view);

  dropoff.hidden = !view.dropoff && !view.access;
  dropoff.replaceChildren(
    ...present(h('h2', { id: 'dropoff-title' }, 'Drop-off'),
    view.dropoff ? h('p', {}, `Preference: ${view.dropoff.kind.replace(/_/g, ' ')}`) : null,
    view.dropoff?.instructions ? h('p', {}, `Instructions: ${view.dropoff.instructions}`) : null,
    view.access
      ? h(
          'p',
          { id: 'access' },
          `A one-time access to your ${view.access.deviceKind.replace(/_/g, ' ')} was issued, valid ${formatTime(view.access.validFrom)}–${formatTime(view.access.validUntil)}. `,
          view.access.usedAt ? `It was used at ${formatTime(view.access.usedAt)}.` : `State: ${view.access.state}.`,
        )
      : null),
  );

  const p = view.proofOfDelivery;
  proof.hidden = !p;
  if (p) {
    proof.replaceChildren(
      ...present(h('h2', { id: 'proof-title' }, 'Proof of delivery'),
      h('p', {}, `Delivered ${formatDateTime(p.at)}${p.method ? ` (${p.method.replace(/_/g, ' ')})` : ''}${p.recipient ? `, received by ${p.recipient}` : ''}.`),
      p.note ? h('p', {}, p.note) : null,
      p.photoUrl ? h('img', { src: p.photoUrl, alt: 'Photo taken at delivery', class: 'proof-photo' }) : null),
    );
  }
  history.replaceChildren(...view.events.map((e) => h('li', {}, h('time', { datetime: e.at }, formatDateTime(e.at)), ` ${e.state}`)));
}

/** Drops the absent (null) parts of a section. */
function present(...nodes: Array<Node | null>): Node[] {
  return nodes.filter((n): n is Node => n !== null);
}

// Live updates: the stream pushes the view on each event of the order (state, ETA); a slower
// poll alongside it follows the vehicle between events. Without the stream, a faster poll.
const STREAM_POLL_MS = 15000;
let stream: EventSource | null = null;
let streamLive = false;
let finished = false;

function show(view: TrackingView): void {
  errorBox.textContent = '';
  render(view);
  if (TERMINAL_STAGES.includes(view.stage)) {
    finished = true; // nothing will change any more
    stream?.close();
  }
}

function openStream(): void {
  if (stream || typeof EventSource === 'undefined') return;
  stream = new EventSource(api.url(`/v1/track/${encodeURIComponent(orderId)}/stream`, { t: token }));
  stream.addEventListener('open', () => (streamLive = true));
  stream.addEventListener('error', () => (streamLive = false)); // EventSource reconnects by itself
  stream.addEventListener('tracking', (ev) => {
    try {
      show(JSON.parse((ev as MessageEvent<string>).data) as TrackingView);
    } catch {
      // a malformed message: the next one or the poll brings the view
    }
  });
}

async function tick(): Promise<void> {
  if (finished) return;
  try {
    const view = await api.get<TrackingView>(`/v1/track/${encodeURIComponent(orderId)}`, { t: token });
    show(view);
    if (finished) return;
    openStream(); // only once the link proved valid, so a bad link opens no stream
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403 || e.status === 400)) {
      errorBox.textContent = 'This tracking link is not valid. Please use the link from your order confirmation.';
      return;
    }
    errorBox.textContent = 'Cannot reach the tracking service; retrying…';
  }
  setTimeout(() => void tick(), streamLive ? STREAM_POLL_MS : REFRESH_MS);
}

if (!orderId || !token) errorBox.textContent = 'This tracking link is incomplete. Please use the link from your order confirmation.';
else void tick();

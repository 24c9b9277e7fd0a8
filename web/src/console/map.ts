// The operator map (Leaflet). No remote tiles by default: the background is a light grid
// and the hubs' service-area circles, so the console works offline and leaks nothing; a
// tile URL can be set at sign-in. Markers are div icons, so they are keyboard-focusable
// (Tab, then Enter opens the same detail as a click).
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Address, Hub, Order, Route, Vehicle, Zone } from '../shared/model.js';

export interface MapCallbacks {
  onOrder: (orderId: string) => void;
  onVehicle: (vehicleId: string) => void;
  onHub: (hubId: string) => void;
}


/** Click, or Enter/Space on the focused marker (Leaflet forwards only keypress events). */
function onActivate(marker: L.Marker, fn: () => void): void {
  marker.on('click', fn);
  marker.on('keypress', (e) => {
    const key = (e as L.LeafletKeyboardEvent).originalEvent.key;
    if (key === 'Enter' || key === ' ') fn();
  });
}

const ROUTE_COLOURS = ['#1f6feb', '#8250df', '#bf3989', '#0a7d4f', '#bc4c00', '#0b7285', '#6e40c9', '#9a6700'];

export class OperatorMap {
  readonly map: L.Map;
  private readonly background = L.layerGroup();
  private readonly zoneLayer = L.layerGroup();
  private readonly routeLayer = L.layerGroup();
  private readonly orderLayer = L.layerGroup();
  private readonly hubLayer = L.layerGroup();
  private readonly vehicleLayer = L.layerGroup();
  private readonly vehicleMarkers = new Map<string, L.Marker>();
  private readonly orderMarkers = new Map<string, L.Marker>();
  /** Icon class per marker: the icon is replaced only when it changes, so keyboard focus survives updates. */
  private readonly iconKeys = new Map<string, string>();
  private fitted = false;
  private hubsKey = '';
  private zonesKey = '';
  private hubPositions = new Map<string, Hub>();

  constructor(
    container: HTMLElement,
    private readonly cb: MapCallbacks,
    tileUrl: string | null,
  ) {
    this.map = L.map(container, { zoomControl: true, attributionControl: Boolean(tileUrl), preferCanvas: false });
    if (tileUrl) L.tileLayer(tileUrl, { maxZoom: 19, attribution: 'Map tiles: see your tile provider' }).addTo(this.map);
    for (const layer of [this.background, this.zoneLayer, this.routeLayer, this.orderLayer, this.hubLayer, this.vehicleLayer]) layer.addTo(this.map);
    this.map.setView([45.76, 4.84], 12);
    L.control
      .layers(undefined, { 'No-fly zones': this.zoneLayer, Routes: this.routeLayer, Orders: this.orderLayer, Vehicles: this.vehicleLayer }, { collapsed: true })
      .addTo(this.map);
  }

  /** Hubs, their service circles and a light grid around them; fits the view once. */
  setHubs(hubs: Hub[]): void {
    // Rebuilt only when the hubs change: a redraw would drop the keyboard focus on a hub marker.
    const key = hubs.map((x) => `${x.id}|${x.name}|${x.lon}|${x.lat}|${x.serviceRadiusM}`).join(';');
    if (key === this.hubsKey) return;
    this.hubsKey = key;
    this.hubLayer.clearLayers();
    this.background.clearLayers();
    this.hubPositions = new Map(hubs.map((x) => [x.id, x]));
    if (!hubs.length) return;
    let bounds = L.latLngBounds([]);
    for (const hub of hubs) {
      const circle = L.circle([hub.lat, hub.lon], {
        radius: hub.serviceRadiusM,
        color: '#57606a',
        weight: 1,
        fillColor: '#d0d7de',
        fillOpacity: 0.18,
        interactive: false,
      });
      circle.addTo(this.background);
      bounds = bounds.extend(circle.getBounds());
      const marker = L.marker([hub.lat, hub.lon], {
        icon: L.divIcon({ className: 'mk mk-hub', html: '<span aria-hidden="true">H</span>', iconSize: [26, 26] }),
        title: `Hub ${hub.name}`,
        alt: `Hub ${hub.name}`,
        keyboard: true,
        zIndexOffset: 500,
      });
      onActivate(marker, () => this.cb.onHub(hub.id));
      marker.bindTooltip(hub.name, { direction: 'top', offset: [0, -12] });
      marker.addTo(this.hubLayer);
    }
    this.drawGrid(bounds.pad(0.15));
    if (!this.fitted) {
      this.map.fitBounds(bounds, { padding: [16, 16] });
      this.fitted = true;
    }
  }

  private drawGrid(b: L.LatLngBounds): void {
    const step = 0.01; // about 1.1 km north-south, 0.8 km east-west at Lyon's latitude
    const style = { color: '#8c959f', weight: 0.5, opacity: 0.45, interactive: false };
    const snap = (v: number, up: boolean) => (up ? Math.ceil(v / step) : Math.floor(v / step)) * step;
    for (let lat = snap(b.getSouth(), false); lat <= b.getNorth(); lat += step) {
      L.polyline([[lat, b.getWest()], [lat, b.getEast()]], style).addTo(this.background);
    }
    for (let lon = snap(b.getWest(), false); lon <= b.getEast(); lon += step) {
      L.polyline([[b.getSouth(), lon], [b.getNorth(), lon]], style).addTo(this.background);
    }
  }

  setZones(zones: Zone[]): void {
    const key = JSON.stringify(zones);
    if (key === this.zonesKey) return;
    this.zonesKey = key;
    this.zoneLayer.clearLayers();
    for (const z of zones) {
      const poly = L.polygon(
        z.rings.map((ring) => ring.map(([lon, lat]) => [lat, lon] as [number, number])),
        { color: '#cf222e', weight: 2, fillColor: '#cf222e', fillOpacity: 0.15, dashArray: '6 4', className: 'zone' },
      );
      poly.bindTooltip(`No-fly zone: ${z.name}`);
      poly.addTo(this.zoneLayer);
    }
  }

  /** Open orders at their delivery address, coloured by state. */
  setOrders(orders: Order[], addresses: Map<string, Address>): void {
    const seen = new Set<string>();
    for (const o of orders) {
      const a = addresses.get(o.addressId);
      if (!a) continue;
      seen.add(o.id);
      const icon = L.divIcon({ className: `mk mk-order st-${o.state}`, html: '', iconSize: [14, 14] });
      let m = this.orderMarkers.get(o.id);
      if (!m) {
        m = L.marker([a.lat, a.lon], { icon, title: `Order ${o.id} (${o.state})`, alt: `Order ${o.id}`, keyboard: true });
        onActivate(m, () => this.cb.onOrder(o.id));
        m.addTo(this.orderLayer);
        this.orderMarkers.set(o.id, m);
      } else if (this.iconKeys.get(o.id) !== o.state) {
        m.setIcon(icon);
        m.getElement()?.setAttribute('title', `Order ${o.id} (${o.state})`);
      }
      this.iconKeys.set(o.id, o.state);
    }
    for (const [id, m] of this.orderMarkers) {
      if (!seen.has(id)) {
        m.remove();
        this.orderMarkers.delete(id);
      }
    }
  }

  /** Places or moves a vehicle marker; the marker element carries data attributes for tests and styling. */
  upsertVehicle(v: Vehicle): void {
    if (v.lon === null || v.lat === null) return;
    // Idle vehicles parked at their hub would hide the hub marker: the hub stands for them.
    const hub = this.hubPositions.get(v.hubId);
    if (v.status === 'idle' && hub && Math.abs(hub.lat - v.lat) < 3e-4 && Math.abs(hub.lon - v.lon) < 4e-4) {
      this.vehicleMarkers.get(v.id)?.remove();
      this.vehicleMarkers.delete(v.id);
      this.iconKeys.delete(v.id);
      return;
    }
    const glyph = v.kind === 'drone' ? '✈' : v.kind === 'bike' || v.kind === 'cargo_bike' ? 'B' : 'V';
    const icon = L.divIcon({
      className: `mk mk-vehicle kind-${v.kind} vs-${v.status}`,
      html: `<span aria-hidden="true">${glyph}</span>`,
      iconSize: [22, 22],
    });
    let m = this.vehicleMarkers.get(v.id);
    const label = `${v.kind} ${v.name}, ${v.status}${v.batteryPct !== null ? `, battery ${Math.round(v.batteryPct)}%` : ''}`;
    if (!m) {
      m = L.marker([v.lat, v.lon], { icon, title: label, alt: label, keyboard: true, zIndexOffset: 1000 });
      onActivate(m, () => this.cb.onVehicle(v.id));
      m.addTo(this.vehicleLayer);
      this.vehicleMarkers.set(v.id, m);
    } else {
      m.setLatLng([v.lat, v.lon]);
      if (this.iconKeys.get(v.id) !== `${v.kind}|${v.status}`) m.setIcon(icon);
    }
    this.iconKeys.set(v.id, `${v.kind}|${v.status}`);
    const el = m.getElement();
    if (el) {
      el.dataset.vehicleId = v.id;
      el.dataset.lon = String(v.lon);
      el.dataset.lat = String(v.lat);
      el.setAttribute('title', label);
      el.setAttribute('aria-label', label);
    }
  }

  /** Planned routes as polylines from the hub through each stop; drone sorties dashed. */
  setRoutes(routes: Route[], vehicles: Map<string, Vehicle>, hubs: Map<string, Hub>): void {
    this.routeLayer.clearLayers();
    routes.forEach((r, i) => {
      if (r.state === 'cancelled' || r.state === 'done' || r.state === 'completed') return;
      const v = vehicles.get(r.vehicleId);
      const hub = v ? hubs.get(v.hubId) : undefined;
      const points: Array<[number, number]> = [];
      if (hub && r.stops[0]?.kind !== 'depart') points.push([hub.lat, hub.lon]);
      for (const s of r.stops) points.push([s.lat, s.lon]);
      if (hub && r.stops[r.stops.length - 1]?.kind !== 'return') points.push([hub.lat, hub.lon]);
      const drone = v?.kind === 'drone';
      const colour = ROUTE_COLOURS[i % ROUTE_COLOURS.length];
      const label = `${drone ? 'Drone sortie' : 'Route'} ${r.id}${v ? ` — ${v.name}` : ''}, ${r.stops.filter((s) => s.orderId).length} deliveries`;
      if (r.sorties?.length) {
        // The flight plans' paths: the way the drone really flies, around no-fly zones.
        for (const path of r.sorties) {
          const line = L.polyline(path.map(([lon, lat]) => [lat, lon] as [number, number]), { color: colour, weight: 2, opacity: 0.9, dashArray: '4 6', className: 'route route-drone sortie' });
          line.bindTooltip(label);
          line.on('click', () => this.cb.onVehicle(r.vehicleId));
          line.addTo(this.routeLayer);
        }
        return;
      }
      if (points.length < 2) return;
      const line = L.polyline(points, {
        color: colour,
        weight: drone ? 2 : 3,
        opacity: 0.85,
        dashArray: drone ? '4 6' : undefined,
        className: `route ${drone ? 'route-drone' : 'route-van'}`,
      });
      line.bindTooltip(label);
      line.on('click', () => this.cb.onVehicle(r.vehicleId));
      line.addTo(this.routeLayer);
    });
  }

  focus(lat: number, lon: number): void {
    this.map.panTo([lat, lon]);
  }
}

// The report's four charts, as SVG strings: deliveries per hour by mode, on-time % by hour,
// battery levels over the day, and a map of the routes driven and flown.
import type { NoFlyZone } from '../../geo/zones.js';
import type { SimRecord } from '../recorder.js';
import { axes, esc, frame, legend, niceTicks, polyline, svgDoc, sx, sy } from './svg.js';

export const COLOURS = { van: '#1f77b4', drone: '#ff7f0e', ok: '#2ca02c', hub: '#d62728', zone: '#d62728' } as const;

const hoursOf = (r: SimRecord) => Math.max(1, Math.ceil((r.endS - r.startS) / 3600));
const clock = (r: SimRecord) => (h: number) => {
  const t = new Date((r.startS + h * 3600) * 1000);
  return `${String(t.getUTCHours()).padStart(2, '0')}h`;
};
const xTicks = (hours: number) => Array.from({ length: hours + 1 }, (_, i) => i).filter((i) => i % Math.max(1, Math.ceil(hours / 12)) === 0);

export function deliveriesPerHourChart(r: SimRecord): string {
  const hours = hoursOf(r);
  const van = new Array<number>(hours).fill(0);
  const drone = new Array<number>(hours).fill(0);
  for (const d of r.deliveries) {
    const h = Math.min(hours - 1, Math.floor((d.deliveredAt - r.startS) / 3600));
    (d.mode === 'van' ? van : drone)[h]!++;
  }
  const maxY = Math.max(1, ...van.map((v, i) => v + drone[i]!));
  const ticks = niceTicks(maxY);
  const f = frame(720, 300, [0, hours], [0, ticks[ticks.length - 1]!]);
  const body = axes(f, xTicks(hours), ticks, clock(r), String, 'parcels delivered');
  const bw = (sx(f, 1) - sx(f, 0)) * 0.8;
  for (let h = 0; h < hours; h++) {
    const x = sx(f, h) + bw * 0.125;
    const yv = sy(f, van[h]!);
    const yd = sy(f, van[h]! + drone[h]!);
    body.push(`<rect x="${x.toFixed(1)}" y="${yv.toFixed(1)}" width="${bw.toFixed(1)}" height="${(sy(f, 0) - yv).toFixed(1)}" fill="${COLOURS.van}"><title>${van[h]} by van</title></rect>`);
    if (drone[h]! > 0) body.push(`<rect x="${x.toFixed(1)}" y="${yd.toFixed(1)}" width="${bw.toFixed(1)}" height="${(yv - yd).toFixed(1)}" fill="${COLOURS.drone}"><title>${drone[h]} by drone</title></rect>`);
  }
  body.push(...legend(f.left + 10, f.top - 14, [['van', COLOURS.van], ['drone', COLOURS.drone]]));
  return svgDoc(f, 'Deliveries per hour by mode', body);
}

export function onTimeChart(r: SimRecord): string {
  const hours = hoursOf(r);
  const f = frame(720, 300, [0, hours], [0, 100]);
  const body = axes(f, xTicks(hours), [0, 25, 50, 75, 100], clock(r), (v) => `${v}%`, 'on time (% of deliveries in the hour)');
  const series = (mode?: 'van' | 'drone') => {
    const n = new Array<number>(hours).fill(0);
    const ok = new Array<number>(hours).fill(0);
    for (const d of r.deliveries) {
      if (mode && d.mode !== mode) continue;
      const h = Math.min(hours - 1, Math.floor((d.deliveredAt - r.startS) / 3600));
      n[h]!++;
      if (d.deliveredAt <= d.windowEnd) ok[h]!++;
    }
    return n.flatMap((c, h): Array<[number, number]> => (c > 0 ? [[h + 0.5, (100 * ok[h]!) / c]] : []));
  };
  body.push(polyline(f, series(), COLOURS.ok, 2.5));
  body.push(polyline(f, series('van'), COLOURS.van, 1.2, 0.8));
  body.push(polyline(f, series('drone'), COLOURS.drone, 1.2, 0.8));
  body.push(...legend(f.left + 10, f.top - 14, [['all', COLOURS.ok], ['van', COLOURS.van], ['drone', COLOURS.drone]]));
  return svgDoc(f, 'On-time deliveries by hour', body);
}

export function batteryChart(r: SimRecord): string {
  const hours = hoursOf(r);
  const f = frame(720, 300, [0, hours], [0, 100]);
  const body = axes(f, xTicks(hours), [0, 25, 50, 75, 100], clock(r), (v) => `${v}%`, 'battery (% of capacity)');
  const byVehicle = new Map<string, Array<[number, number]>>();
  const modeOf = new Map(r.vehicles.map((v) => [v.id, v.mode]));
  for (const s of r.battery) {
    if (s.at > r.endS) continue;
    const pts = byVehicle.get(s.vehicleId) ?? [];
    const x = (s.at - r.startS) / 3600;
    // Step shape: the level holds until the next sample.
    if (pts.length) pts.push([x, pts[pts.length - 1]![1]]);
    pts.push([x, s.pct]);
    byVehicle.set(s.vehicleId, pts);
  }
  for (const [id, pts] of byVehicle) body.push(polyline(f, pts, modeOf.get(id) === 'drone' ? COLOURS.drone : COLOURS.van, 1, 0.5));
  body.push(...legend(f.left + 10, f.top - 14, [['van', COLOURS.van], ['drone', COLOURS.drone]]));
  return svgDoc(f, 'Battery levels (one line per vehicle)', body);
}

export function routeMapChart(r: SimRecord, zones: readonly NoFlyZone[], maxTrips = 600): string {
  // The extent covers the hubs, the trips and the no-fly zones (so that the zones the drones avoid show).
  const pts: Array<[number, number]> = [
    ...r.hubs.map((h): [number, number] => [h.lon, h.lat]),
    ...r.trips.flatMap((t) => t.path),
    ...zones.flatMap((z) => z.polygons.flatMap((p) => p[0]!)),
  ];
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of pts) {
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  if (!Number.isFinite(w)) [w, s, e, n] = [0, 0, 1, 1];
  const midLat = (s + n) / 2;
  const kx = Math.cos((midLat * Math.PI) / 180); // equirectangular: keep distances honest at this latitude
  const spanX = Math.max(1e-6, (e - w) * kx);
  const spanY = Math.max(1e-6, n - s);
  const width = 720;
  const height = Math.round(Math.min(900, Math.max(300, (width - 40) * (spanY / spanX) + 60)));
  const scale = Math.min((width - 40) / spanX, (height - 60) / spanY);
  const X = (lon: number) => (20 + (lon - w) * kx * scale).toFixed(1);
  const Y = (lat: number) => (height - 20 - (lat - s) * scale).toFixed(1);
  const body: string[] = [];
  for (const z of zones) {
    for (const poly of z.polygons) {
      body.push(`<polygon points="${poly[0]!.map(([lon, lat]) => `${X(lon)},${Y(lat)}`).join(' ')}" fill="${COLOURS.zone}" fill-opacity="0.15" stroke="${COLOURS.zone}"><title>no-fly: ${esc(z.name)}</title></polygon>`);
    }
  }
  // An even sample of trips keeps the file small on big runs.
  const step = Math.max(1, Math.ceil(r.trips.length / maxTrips));
  for (let i = 0; i < r.trips.length; i += step) {
    const t = r.trips[i]!;
    body.push(`<polyline fill="none" stroke="${t.mode === 'van' ? COLOURS.van : COLOURS.drone}" stroke-width="1" stroke-opacity="0.35" points="${t.path.map(([lon, lat]) => `${X(lon)},${Y(lat)}`).join(' ')}"/>`);
  }
  for (const h of r.hubs) body.push(`<circle cx="${X(h.lon)}" cy="${Y(h.lat)}" r="6" fill="${COLOURS.hub}"><title>${esc(h.name)}</title></circle><text x="${Number(X(h.lon)) + 8}" y="${Y(h.lat)}" font-weight="600">${esc(h.name)}</text>`);
  const km = 1; // scale bar
  const barPx = (km / 111.32) * scale;
  body.push(`<line x1="20" y1="${height - 8}" x2="${(20 + barPx).toFixed(1)}" y2="${height - 8}" stroke="#333" stroke-width="2"/><text x="${(24 + barPx).toFixed(1)}" y="${height - 4}">1 km</text>`);
  body.push(...legend(20, 40, [['van route', COLOURS.van], ['drone sortie', COLOURS.drone], ['hub', COLOURS.hub], ['no-fly zone', COLOURS.zone]]));
  const title = `Routes (${step > 1 ? `1 trip in ${step}, ` : ''}${r.trips.length} trips)`;
  return svgDoc({ width, height }, title, body);
}

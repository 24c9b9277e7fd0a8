// End to end on the small test town (PGlite in memory): orders arrive, the domain dispatches them,
// vans and drones deliver them, and the report is written. The KPIs are cross-checked against the
// order states the database holds, and two runs with the same seed must agree exactly.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeKpis, type Kpis } from '../../src/sim/kpi.js';
import type { SimRecord } from '../../src/sim/recorder.js';
import { writeReport } from '../../src/sim/report/write.js';
import { runScenario } from '../../src/sim/run.js';
import { loadScenarioFile } from '../../src/sim/scenario/validate.js';

const HOURS = 4;
let first: { record: SimRecord; kpis: Kpis };
let second: { record: SimRecord; kpis: Kpis };

async function play(seed: number) {
  const loaded = loadScenarioFile('scenarios/small-town.json');
  const { record } = await runScenario(loaded, { hours: HOURS, seed });
  return { record, kpis: computeKpis(record) };
}

beforeAll(async () => {
  first = await play(11);
  second = await play(11);
}, 600_000);

describe('a small town for a few simulated hours', () => {
  it('takes orders and delivers them by van and by drone', () => {
    const k = first.kpis;
    expect(k.simulatedHours).toBe(HOURS);
    expect(k.placed).toBeGreaterThan(30);
    expect(k.byMode.van.delivered).toBeGreaterThan(0);
    expect(k.byMode.drone.delivered).toBeGreaterThan(0);
    expect(k.delivered).toBeGreaterThan(k.placed / 2);
    expect(k.dispatchRounds).toBeGreaterThan(0);
  });

  it('delivered + given up + open = placed, and the database agrees state by state', () => {
    const k = first.kpis;
    expect(k.delivered + k.failed + k.open).toBe(k.placed);
    const db = k.databaseStates;
    expect(db.delivered ?? 0).toBe(k.delivered);
    expect(db.returned ?? 0).toBe(k.failed);
    expect(Object.values(db).reduce((s, n) => s + n, 0)).toBe(k.placed);
    expect(k.consistent).toBe(true);
  });

  it('every delivery happened after its order, by a vehicle on a trip, and each order is delivered once', () => {
    const r = first.record;
    const ids = r.deliveries.map((d) => d.orderId);
    expect(new Set(ids).size).toBe(ids.length);
    const placedAt = new Map(r.placed.map((p) => [p.orderId, p.at]));
    for (const d of r.deliveries) {
      expect(d.deliveredAt).toBeGreaterThan(placedAt.get(d.orderId)!);
      const trip = r.trips.find((t) => t.mode === d.mode && t.departAt <= d.deliveredAt && d.deliveredAt <= t.returnAt && t.hubId === d.hubId);
      expect(trip, `a ${d.mode} trip covering the delivery of ${d.orderId}`).toBeDefined();
    }
    // A drone carries one parcel per sortie.
    expect(r.trips.filter((t) => t.mode === 'drone').every((t) => t.parcels === 1)).toBe(true);
  });

  it('same seed, same day: identical KPIs and identical deliveries', () => {
    expect(second.kpis).toEqual(first.kpis);
    expect(second.record.deliveries).toEqual(first.record.deliveries);
    expect(second.record.trips.map((t) => [t.vehicleId, t.departAt, t.distanceM])).toEqual(first.record.trips.map((t) => [t.vehicleId, t.departAt, t.distanceM]));
  });

  it('writes the report: Markdown, HTML with the charts inline, four SVG charts and kpis.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relais-sim-report-'));
    const written = writeReport(dir, { scenario: 'small-town', seed: 11, hours: HOURS, kpis: first.kpis, record: first.record, zones: loadScenarioFile('scenarios/small-town.json').zones, wallMs: 1234, database: 'PGlite in memory' });
    for (const name of ['deliveries-per-hour', 'on-time', 'battery', 'route-map']) {
      const svg = readFileSync(join(dir, 'charts', `${name}.svg`), 'utf8');
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    }
    const bars = readFileSync(join(dir, 'charts', 'deliveries-per-hour.svg'), 'utf8');
    // One bar segment per hour and mode with deliveries; their tooltips add up to the deliveries.
    const counted = [...bars.matchAll(/<title>(\d+) by (van|drone)<\/title>/g)].reduce((s, m) => s + Number(m[1]), 0);
    expect(counted).toBe(first.kpis.delivered);
    const map = readFileSync(join(dir, 'charts', 'route-map.svg'), 'utf8');
    expect(map.match(/<polyline/g)!.length).toBe(first.record.trips.length);
    expect(map).toContain('no-fly: Clinic helipad');
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).toContain(`<tr><th>Parcels delivered</th><td class="n">${first.kpis.delivered}</td>`);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(md).toContain('![Map of routes](charts/route-map.svg)');
    expect(md).toContain(`| Delivered + given up + still open | ${first.kpis.delivered} + ${first.kpis.failed} + ${first.kpis.open} = ${first.kpis.placed} |`);
    expect(JSON.parse(readFileSync(join(dir, 'kpis.json'), 'utf8')).kpis).toEqual(first.kpis);
    expect(written.files.every((f) => existsSync(f))).toBe(true);
  });
});

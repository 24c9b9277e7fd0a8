// Writes a run's report into a folder: report.md (tables, charts linked), report.html (the same
// with the charts inline, one self-contained file), charts/*.svg and kpis.json (machine-readable).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NoFlyZone } from '../../geo/zones.js';
import type { Kpis } from '../kpi.js';
import type { SimRecord } from '../recorder.js';
import { batteryChart, deliveriesPerHourChart, onTimeChart, routeMapChart } from './charts.js';
import { esc } from './svg.js';

export interface ReportInput {
  scenario: string;
  seed: number;
  hours: number;
  kpis: Kpis;
  record: SimRecord;
  zones: readonly NoFlyZone[];
  /** Wall-clock time of the run, ms (left out of kpis.json so that two runs compare equal). */
  wallMs: number;
  database: string;
}

export interface WrittenReport {
  files: string[];
}

const money = (minor: number | null) => (minor === null ? '–' : `${(minor / 100).toFixed(2)}`);
const show = (v: number | null, unit = '') => (v === null ? '–' : `${v}${unit}`);

function rows(k: Kpis): Array<[string, string, string, string]> {
  const m = k.byMode;
  return [
    ['Parcels delivered', String(k.delivered), String(m.van.delivered), String(m.drone.delivered)],
    ['On time', show(k.onTimePct, ' %'), show(m.van.onTimePct, ' %'), show(m.drone.onTimePct, ' %')],
    ['Distance per parcel', show(k.distancePerParcelKm, ' km'), show(m.van.distancePerParcelKm, ' km'), show(m.drone.distancePerParcelKm, ' km')],
    ['Energy per parcel', show(k.energyPerParcelWh, ' Wh'), show(m.van.energyPerParcelWh, ' Wh'), show(m.drone.energyPerParcelWh, ' Wh')],
    ['Cost per parcel (vehicle km + hours)', money(k.costPerParcelMinor), money(m.van.costPerParcelMinor), money(m.drone.costPerParcelMinor)],
    ['Fleet utilisation (en route / hub open time)', show(k.utilisationPct, ' %'), show(m.van.utilisationPct, ' %'), show(m.drone.utilisationPct, ' %')],
    ['Trips', String(m.van.trips + m.drone.trips), String(m.van.trips), String(m.drone.trips)],
    ['Failed attempts', String(m.van.failedAttempts + m.drone.failedAttempts), String(m.van.failedAttempts), String(m.drone.failedAttempts)],
  ];
}

function summaryLines(input: ReportInput): Array<[string, string]> {
  const k = input.kpis;
  const refused = Object.entries(k.refused).map(([c, n]) => `${n} ${c}`).join(', ') || 'none';
  return [
    ['Scenario', `${input.scenario} (seed ${input.seed}, ${k.simulatedHours} simulated hours, ${input.database})`],
    ['Orders placed', String(k.placed)],
    ['Delivered + given up + still open', `${k.delivered} + ${k.failed} + ${k.open} = ${k.delivered + k.failed + k.open}`],
    ['Database agrees (order states)', `${k.consistent ? 'yes' : 'NO'}: ${Object.entries(k.databaseStates).map(([s, n]) => `${s} ${n}`).join(', ')}`],
    ['Orders refused at intake', refused],
    ['Stock-outs (orders refused for stock)', String(k.stockOuts)],
    ['Failed attempts', `${k.failedAttempts.nobodyHome} nobody home, ${k.failedAttempts.windAbort} drone wind aborts, ${k.failedAttempts.notFlyable} sorties not flyable`],
    ['Promise to delivery', `mean ${show(k.promiseToDeliveryMin.mean, ' min')}, p95 ${show(k.promiseToDeliveryMin.p95, ' min')}`],
    ['Purchase orders', `${k.purchaseOrders.created} created, ${k.purchaseOrders.confirmed} confirmed, ${k.purchaseOrders.received} received (${k.purchaseOrders.unitsReceived} units)`],
    ['Dispatch rounds (domain)', String(k.dispatchRounds)],
    ['Telemetry reports (domain)', String(input.record.telemetryReports)],
    ['Domain refusals met', Object.entries(input.record.anomalies).map(([c, n]) => `${n} ${c}`).join(', ') || 'none'],
    ['Wall time', `${(input.wallMs / 1000).toFixed(1)} s`],
  ];
}

const CHARTS = [
  ['deliveries-per-hour.svg', 'Deliveries per hour by mode'],
  ['on-time.svg', 'On-time % by hour'],
  ['battery.svg', 'Battery levels'],
  ['route-map.svg', 'Map of routes'],
] as const;

export function writeReport(dir: string, input: ReportInput): WrittenReport {
  mkdirSync(join(dir, 'charts'), { recursive: true });
  const svgs = [deliveriesPerHourChart(input.record), onTimeChart(input.record), batteryChart(input.record), routeMapChart(input.record, input.zones)];
  const files: string[] = [];
  CHARTS.forEach(([name], i) => {
    const p = join(dir, 'charts', name);
    writeFileSync(p, svgs[i]!);
    files.push(p);
  });
  const missing = input.record.missing;
  const md = [
    `# Simulation report: ${input.scenario}`,
    '',
    '| | |',
    '| --- | --- |',
    ...summaryLines(input).map(([a, b]) => `| ${a} | ${b} |`),
    '',
    '## By mode',
    '',
    '| KPI | all | van | drone |',
    '| --- | ---: | ---: | ---: |',
    ...rows(input.kpis).map((r) => `| ${r.join(' | ')} |`),
    '',
    ...(missing.length ? ['## Not simulated in this build', '', ...missing.map((m) => `- ${m}`), ''] : []),
    '## Charts',
    '',
    ...CHARTS.flatMap(([name, title]) => [`![${title}](charts/${name})`, '']),
  ].join('\n');
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>Simulation report: ${esc(input.scenario)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}td.n{text-align:right}figure{margin:1.5em 0}</style>',
    '</head><body>',
    `<h1>Simulation report: ${esc(input.scenario)}</h1>`,
    '<table>',
    ...summaryLines(input).map(([a, b]) => `<tr><th>${esc(a)}</th><td>${esc(b)}</td></tr>`),
    '</table>',
    '<h2>By mode</h2><table><tr><th>KPI</th><th>all</th><th>van</th><th>drone</th></tr>',
    ...rows(input.kpis).map(([a, ...rest]) => `<tr><th>${esc(a)}</th>${rest.map((v) => `<td class="n">${esc(v)}</td>`).join('')}</tr>`),
    '</table>',
    ...(missing.length ? ['<h2>Not simulated in this build</h2><ul>', ...missing.map((m) => `<li>${esc(m)}</li>`), '</ul>'] : []),
    '<h2>Charts</h2>',
    ...svgs.map((svg, i) => `<figure>${svg}<figcaption>${esc(CHARTS[i]![1])}</figcaption></figure>`),
    '</body></html>',
  ].join('\n');
  for (const [name, text] of [
    ['report.md', md],
    ['report.html', html],
    ['kpis.json', `${JSON.stringify({ scenario: input.scenario, seed: input.seed, hours: input.hours, kpis: input.kpis }, null, 2)}\n`],
  ] as const) {
    const p = join(dir, name);
    writeFileSync(p, text);
    files.push(p);
  }
  return { files };
}

// The demo city of `relais serve --demo` as a scenario. The city data has one source,
// src/demo/city.ts (hubs, catalogue, stock rule, suppliers, customers, fleet); this module only
// adds what the seed does not need (demand, weather, no-fly zones, operations) and turns the
// seed's stock formula into explicit stock entries. scenarios/lyon-demo.json is this object
// written out (`relais simulate --write-demo-scenario FILE`); a test keeps the two equal.
import {
  DEMO_CENTRE,
  DEMO_FLEET,
  DEMO_HUBS,
  DEMO_OPENING_HOURS,
  DEMO_PRODUCTS,
  DEMO_SUPPLIERS,
  demoCustomers,
  demoStockUnits,
} from '../../demo/city.js';
import type { Scenario } from './schema.js';

const hhmm = (s: number) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;

/** Drones of the demo seed fly as this preset in the simulation (closest public envelope: 2.3 kg, 10 km radius). */
export const DEMO_DRONE_PRESET = 'vty_wing_like';

export function demoScenario(): Scenario {
  const open = DEMO_OPENING_HOURS[0]!;
  const van = DEMO_FLEET.find((f) => f.kind === 'van')!;
  const drone = DEMO_FLEET.find((f) => f.kind === 'drone')!;
  return {
    name: 'lyon-demo',
    description: 'The demo city of `relais serve --demo`: Lyon, three hubs, 21 products, 50 customers, 2 vans and 3 drones per hub.',
    start: '2026-03-02T00:00:00Z',
    seed: 42,
    bounds: { west: 4.76, south: 45.70, east: 4.92, north: 45.82 },
    hubs: DEMO_HUBS.map((h) => ({
      key: h.key, name: h.name, lon: h.lon, lat: h.lat, serviceRadiusM: h.serviceRadiusM,
      launchPads: h.launchPads, chargers: h.chargers, opens: hhmm(open.open), closes: hhmm(open.close),
    })),
    products: DEMO_PRODUCTS.map(([sku, name, weightG, lengthMm, widthMm, heightMm, priceMinor, category]) => ({
      sku, name, category, weightG, lengthMm, widthMm, heightMm, priceMinor, currency: 'EUR',
      // Light everyday items sell more often than kettles and yoga mats.
      demandWeight: category === 'pharmacy' ? 3 : weightG <= 500 ? 2 : 1,
    })),
    stock: {
      defaultUnits: 0,
      overrides: DEMO_HUBS.flatMap((h, hi) => DEMO_PRODUCTS.map(([sku], pi) => ({ hub: h.key, sku, units: demoStockUnits(pi, hi) }))),
    },
    customers: { list: demoCustomers().map((c) => ({ ...c, notifyChannel: c.notifyChannel as 'email' })) as Scenario['customers']['list'] },
    demand: {
      ordersPerDay: 600,
      // Quiet night, a lunchtime bump and an evening peak.
      byHour: [0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 3, 4, 4.5, 5, 6, 7, 6, 5, 4.5, 5, 6.5, 8, 8, 6.5, 4, 2, 0.8],
      linesPerOrder: { min: 1, max: 3 },
      maxQuantityPerLine: 2,
      windowOpensAfterS: 0,
      windowLengthS: 3 * 3600,
    },
    fleet: [
      {
        kind: 'van', name: van.name, count: van.count, capacityG: van.capacityG, capacityVolumeCm3: van.capacityVolumeCm3,
        maxParcels: van.maxParcels, speedMps: van.speedMps, rangeM: van.rangeM, batteryWh: van.batteryWh,
        costPerKmMinor: van.costPerKmMinor, costPerHourMinor: van.costPerHourMinor,
      },
      { kind: 'drone', name: drone.name, count: drone.count, preset: DEMO_DRONE_PRESET, costPerKmMinor: drone.costPerKmMinor, costPerHourMinor: drone.costPerHourMinor },
    ],
    suppliers: DEMO_SUPPLIERS.map((s) => ({ key: s.key, name: s.name, email: s.email, leadTimeS: s.leadTimeS, categories: [...s.categories] })),
    reorder: { reorderPoint: 20, reorderQuantity: 100, unitCostShare: 0.55 },
    noFlyZones: {
      type: 'FeatureCollection',
      features: [
        zone('herriot', 'Hôpital Édouard Herriot (helipad)', 'hospital', DEMO_CENTRE.lon + 0.045, DEMO_CENTRE.lat - 0.021, 250, 50),
        zone('prefecture', 'Préfecture du Rhône', 'government', DEMO_CENTRE.lon + 0.007, DEMO_CENTRE.lat - 0.005, 120, 30),
      ],
    },
    weather: [
      2, 2, 2, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 7, 8, 9, 10, 13, 11, 8, 6, 4, 3, 2.5, 2,
    ].map((windMps, h) => ({
      windMps, fromDeg: 340, gustMps: Math.round(windMps * 1.4 * 10) / 10, temperatureC: 8 + Math.round(6 * Math.sin(((h - 9) / 24) * 2 * Math.PI)),
      // A shower in the late afternoon grounds the drones that may not fly in rain.
      precipitation: h === 16 || h === 17,
    })),
    operations: {
      dispatchIntervalS: 600,
      solveIterations: 100,
      maxOrdersPerRound: 120,
      roadFactor: 1.35,
      vanServiceS: 90,
      nobodyHomeRate: 0.05,
      windAbortRatePerMps: 0.004,
      maxAttempts: 2,
      telemetryIntervalS: 300,
    },
  };
}

/** A square no-fly zone of half-side `halfM` around a point, as a GeoJSON feature. */
function zone(id: string, name: string, kind: string, lon: number, lat: number, halfM: number, bufferM: number) {
  const dLat = halfM / 111_320;
  const dLon = halfM / (111_320 * Math.cos((lat * Math.PI) / 180));
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    type: 'Feature',
    properties: { id, name, kind, bufferM },
    geometry: {
      type: 'Polygon',
      coordinates: [[[r(lon - dLon), r(lat - dLat)], [r(lon + dLon), r(lat - dLat)], [r(lon + dLon), r(lat + dLat)], [r(lon - dLon), r(lat + dLat)], [r(lon - dLon), r(lat - dLat)]]],
    },
  };
}

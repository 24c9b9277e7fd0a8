// The demo city of `relais serve --demo` as a scenario. The city data has one source,
// src/demo/city.ts (hubs, catalogue, stock rule, suppliers, customers, fleet); this module only
// adds what the seed does not need (demand, operations), and writes the seed's stock formula, drone
// presets (src/demo/drones.ts), weather and airport zone in the scenario's terms. scenarios/lyon-demo.json is this object
// written out (`relais simulate --write-demo-scenario FILE`); a test keeps the two equal.
import {
  DEMO_FLEET,
  DEMO_HUBS,
  DEMO_OPENING_HOURS,
  DEMO_PRODUCTS,
  DEMO_SUPPLIERS,
  demoCustomers,
  demoStockUnits,
} from '../../demo/city.js';
import { DEMO_AIRPORT_ZONE, DEMO_DRONE_PRESETS, DEMO_WEATHER } from '../../demo/drones.js';
import type { HourWeather, Scenario } from './schema.js';

const hhmm = (s: number) => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;

const PRESET_NAMES: Record<string, string> = { vty_wing_like: 'Wing-like', vty_mk30_like: 'MK30-like', vty_zipline_p2_like: 'P2-like' };

/** The demo's static weather (src/demo/drones.ts) as 24 hourly entries. */
function demoWeather(): HourWeather[] {
  return Array.from({ length: 24 }, (_, h) => {
    const c = DEMO_WEATHER.hours?.[String(h)] ?? DEMO_WEATHER.default!;
    return {
      windMps: c.windMps, fromDeg: c.windFromDeg ?? 0,
      ...(c.gustMps !== undefined ? { gustMps: c.gustMps } : {}),
      ...(c.temperatureC !== undefined ? { temperatureC: c.temperatureC } : {}),
      ...(c.precipitation !== undefined ? { precipitation: c.precipitation } : {}),
    };
  });
}

export function demoScenario(): Scenario {
  const open = DEMO_OPENING_HOURS[0]!;
  const van = DEMO_FLEET.find((f) => f.kind === 'van')!;
  const drone = DEMO_FLEET.find((f) => f.kind === 'drone')!;
  return {
    name: 'lyon-demo',
    description: 'The demo city of `relais serve --demo`: Lyon, three hubs, 21 products, 50 customers, 2 vans and 3 drones per hub.',
    start: '2026-03-02T00:00:00Z',
    seed: 42,
    bounds: { west: 4.74, south: 45.68, east: 4.99, north: 45.84 },
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
      // The demo seed gives each hub's n-th drone the n-th preset.
      ...DEMO_DRONE_PRESETS.slice(0, drone.count).map((preset) => ({
        kind: 'drone' as const, name: `${drone.name} ${PRESET_NAMES[preset] ?? preset}`, count: 1, preset, costPerKmMinor: drone.costPerKmMinor, costPerHourMinor: drone.costPerHourMinor,
      })),
    ],
    suppliers: DEMO_SUPPLIERS.map((s) => ({ key: s.key, name: s.name, email: s.email, leadTimeS: s.leadTimeS, categories: [...s.categories] })),
    reorder: { reorderPoint: 20, reorderQuantity: 100, unitCostShare: 0.55 },
    noFlyZones: { type: 'FeatureCollection', features: [{ ...DEMO_AIRPORT_ZONE, properties: { id: 'lyon-bron-airport', ...DEMO_AIRPORT_ZONE.properties } }] },
    weather: demoWeather(),
    operations: {
      dispatchIntervalS: 600,
      // 10 generations a round: since warm starts and repairs keep every order planned (hgs.ts), a 12-hour
      // 10,000-order day delivers as many, as punctually and as cheaply as with ⌈0.5 × jobs⌉ (20..100)
      // generations, in about a quarter of the solver time (bench:sim side by side, README, City simulation).
      solveIterations: 10,
      // A plan takes effect 3 minutes after its round's snapshot: the solver works on its own thread
      // meanwhile (the day goes on), and each hub's round commits before the next hub's begins.
      solveLatencyS: 180,
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

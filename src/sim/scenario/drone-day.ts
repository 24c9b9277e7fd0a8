// The drone day of `npm run bench:drone-day`: a generated city scenario, a function of its seed.
// Lyon, 3 hubs, 10 vans and 40 drones (Wing-like and MK30-like presets, both 5 lb payload), about
// `orders` orders over the day (Poisson arrivals, as every scenario), one parcel per order, the
// Lyon-Bron airport as the one no-fly zone, and a constant 6 m/s westerly wind.
// Parcel weights follow a light-heavy mix: most parcels under 1 kg, a quarter between 1 kg and the
// drones' payload limit, and OVER_PAYLOAD_SHARE of the order mix above it (no drone can lift those).
// The vans-only variant is the same city and the same demand with the drones taken out.
import { DEMO_AIRPORT_ZONE } from '../../demo/drones.js';
import { dronePreset } from '../../engine/drone/presets.js';
import { rng, type Rng } from '../random.js';
import type { Scenario, ScenarioProduct } from './schema.js';

export const DRONE_DAY_DEFAULTS = { seed: 1, orders: 2000 } as const;

/** Share of the order mix (demand weight) above the drones' payload limit. */
export const OVER_PAYLOAD_SHARE = 0.05;

/** Vans and drones per hub: 10 vans and 40 drones in all. */
const HUBS = [
  { key: 'part-dieu', name: 'Drone day Part-Dieu', lon: 4.859, lat: 45.7605, vans: 4, drones: 14 },
  { key: 'confluence', name: 'Drone day Confluence', lon: 4.8183, lat: 45.741, vans: 3, drones: 13 },
  { key: 'villeurbanne', name: 'Drone day Villeurbanne', lon: 4.895, lat: 45.768, vans: 3, drones: 13 },
] as const;

/** Both 5 lb (2.27 kg) payload, so the fleet has one payload limit; alternated per hub. */
const DRONE_PRESETS = ['vty_wing_like', 'vty_mk30_like'] as const;

/**
 * Parcel weight classes: share of the order mix, weight range (g) and size range (mm, length ×
 * width × height). The light classes fit the smaller (Wing-like) cargo bay, 320 × 220 × 150 mm.
 * `overLimit` classes start above the payload limit.
 */
const WEIGHT_CLASSES = [
  { name: 'envelope', share: 0.3, minG: 40, maxG: 250, size: [[120, 250], [80, 180], [10, 40]] },
  { name: 'small box', share: 0.4, minG: 250, maxG: 1000, size: [[150, 300], [100, 200], [50, 120]] },
  { name: 'box', share: 0.25, minG: 1000, maxG: 'limit', size: [[200, 300], [150, 210], [80, 140]] },
  { name: 'heavy box', share: OVER_PAYLOAD_SHARE, minG: 'limit', maxG: 12_000, size: [[300, 600], [200, 400], [150, 400]] },
] as const;

const PRODUCTS_PER_CLASS = 8;

export interface DroneDayOptions {
  seed?: number;
  /** Expected orders over the day (arrivals are Poisson; the realised count varies a little with the run seed). */
  orders?: number;
}

/** The heaviest parcel some drone of the scenario can lift, in grams (0 without drones). */
export function dronePayloadLimitG(s: Scenario): number {
  let limit = 0;
  for (const f of s.fleet) if (f.kind === 'drone' && f.count > 0) limit = Math.max(limit, Math.floor(dronePreset(f.preset)!.maxPayloadKg * 1000));
  return limit;
}

export function droneDayScenario(opts: DroneDayOptions = {}): Scenario {
  const seed = opts.seed ?? DRONE_DAY_DEFAULTS.seed;
  const orders = opts.orders ?? DRONE_DAY_DEFAULTS.orders;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be a whole number, got ${seed}`);
  if (!(orders >= 0)) throw new RangeError(`orders must be ≥ 0, got ${orders}`);
  const limitG = Math.floor(dronePreset(DRONE_PRESETS[0])!.maxPayloadKg * 1000);
  const r = rng(seed, 31);
  return {
    name: 'drone-day',
    description: `Generated drone day (seed ${seed}): Lyon, 3 hubs, 10 vans, 40 drones, ~${orders} orders, ${OVER_PAYLOAD_SHARE * 100} % above the ${limitG} g drone payload, the Lyon-Bron airport no-fly zone, 6 m/s wind.`,
    start: '2026-03-02T00:00:00Z',
    seed,
    bounds: { west: 4.74, south: 45.68, east: 4.99, north: 45.84 },
    hubs: HUBS.map((h) => ({ key: h.key, name: h.name, lon: h.lon, lat: h.lat, serviceRadiusM: 7000, launchPads: 6, chargers: 16, opens: '07:00', closes: '21:00' })),
    products: parcelCatalogue(r, limitG),
    // Enough for the day: stock-outs are not what this day measures.
    stock: { defaultUnits: Math.max(50, Math.ceil(orders / 4)), overrides: [] },
    customers: {
      list: [],
      generate: {
        count: Math.max(60, Math.round(orders * 0.75)),
        zones: [
          { name: 'Presqu’île', lon: 4.834, lat: 45.76, radiusM: 1500, weight: 3 },
          { name: 'Part-Dieu', lon: 4.858, lat: 45.762, radiusM: 1800, weight: 3 },
          { name: 'Villeurbanne', lon: 4.885, lat: 45.77, radiusM: 2200, weight: 3 },
          { name: 'Confluence', lon: 4.818, lat: 45.745, radiusM: 1500, weight: 2 },
          { name: 'Croix-Rousse', lon: 4.83, lat: 45.777, radiusM: 1200, weight: 2 },
          // Around the airfield: some drops fall inside the no-fly zone, others need a detour.
          { name: 'Bron', lon: 4.912, lat: 45.735, radiusM: 2500, weight: 2 },
        ],
      },
    },
    demand: {
      ordersPerDay: orders,
      // Hubs open 07:00–21:00: a morning ramp, a lunchtime bump and an evening peak.
      byHour: [0, 0, 0, 0, 0, 0, 0, 2, 4, 5, 5, 6, 7, 6, 5, 5, 6, 7, 8, 7, 4, 0, 0, 0],
      linesPerOrder: { min: 1, max: 1 },
      maxQuantityPerLine: 1,
      windowOpensAfterS: 0,
      windowLengthS: 3 * 3600,
    },
    fleet: [
      ...HUBS.map((h) => ({
        kind: 'van' as const, hub: h.key, name: 'Van', count: h.vans, capacityG: 600_000, capacityVolumeCm3: 3_000_000, maxParcels: 80,
        speedMps: 8, rangeM: 150_000, batteryWh: 50_000, costPerKmMinor: 25, costPerHourMinor: 2500,
      })),
      // A remote pilot supervising several drones is the drones' hourly cost (assumed, like the vans' driver).
      ...HUBS.flatMap((h) => DRONE_PRESETS.map((preset, i) => ({
        kind: 'drone' as const, hub: h.key, name: preset === 'vty_wing_like' ? 'Drone Wing-like' : 'Drone MK30-like',
        count: Math.floor(h.drones / 2) + (i < h.drones % 2 ? 1 : 0), preset, costPerKmMinor: 3, costPerHourMinor: 800,
      }))),
    ],
    suppliers: [],
    reorder: { reorderPoint: 0, reorderQuantity: 1, unitCostShare: 0.5 },
    noFlyZones: { type: 'FeatureCollection', features: [{ ...DEMO_AIRPORT_ZONE, properties: { id: 'lyon-bron-airport', ...DEMO_AIRPORT_ZONE.properties } }] },
    weather: [{ windMps: 6, fromDeg: 250, gustMps: 8, temperatureC: 12, precipitation: false }],
    operations: {
      dispatchIntervalS: 600,
      solveIterations: 100,
      maxOrdersPerRound: 150,
      roadFactor: 1.35,
      vanServiceS: 90,
      nobodyHomeRate: 0.05,
      windAbortRatePerMps: 0.004,
      maxAttempts: 2,
      telemetryIntervalS: 600,
    },
  };
}

/** The same city and demand without drones. */
export function vansOnly(s: Scenario): Scenario {
  return { ...structuredClone(s), name: `${s.name} (vans only)`, fleet: s.fleet.filter((f) => f.kind === 'van').map((f) => ({ ...f })) };
}

/** PRODUCTS_PER_CLASS parcels per weight class, the class's share split evenly between them. */
function parcelCatalogue(r: Rng, limitG: number): ScenarioProduct[] {
  const between = (lo: number, hi: number) => Math.round(lo + r() * (hi - lo));
  return WEIGHT_CLASSES.flatMap((c, ci) =>
    Array.from({ length: PRODUCTS_PER_CLASS }, (_, k): ScenarioProduct => {
      const minG = c.minG === 'limit' ? limitG + 1 : c.minG;
      const maxG = c.maxG === 'limit' ? limitG : c.maxG;
      const [[l0, l1], [w0, w1], [h0, h1]] = c.size;
      return {
        sku: `PARCEL-${ci + 1}-${k + 1}`,
        name: `${c.name} ${k + 1}`,
        category: c.name.replace(' ', '-'),
        weightG: between(minG, maxG),
        lengthMm: between(l0, l1),
        widthMm: between(w0, w1),
        heightMm: between(h0, h1),
        priceMinor: between(500, 8000),
        currency: 'EUR',
        demandWeight: c.share / PRODUCTS_PER_CLASS,
      };
    }),
  );
}

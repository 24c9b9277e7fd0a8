// The demo city's drone side: each hub's three drones are the three presets (Wing-like, MK30-like,
// Zipline P2-like), one airport no-fly zone east of the centre, and static weather.
import type { DomainContext } from '../domain/context.js';
import { PRESET_BAYS } from '../domain/drone-fleet.js';
import type { StaticWeatherConfig } from '../domain/weather.js';
import { dronePreset } from '../engine/drone/presets.js';
import { parseNoFlyZones } from '../geo/zones.js';
import type { DroneProfileRow, NoFlyZoneRow } from '../store/index.js';

/** The n-th drone of a hub (1-based) gets preset n (cycling). */
export const DEMO_DRONE_PRESETS = ['vty_wing_like', 'vty_mk30_like', 'vty_zipline_p2_like'] as const;

export function demoDroneProfile(vehicleId: string, n: number, now: number): DroneProfileRow {
  const presetId = DEMO_DRONE_PRESETS[(n - 1) % DEMO_DRONE_PRESETS.length]!;
  const bay = PRESET_BAYS[presetId]!;
  return {
    vehicleId, presetId, spec: dronePreset(presetId)!, bayLengthMm: bay.lengthMm, bayWidthMm: bay.widthMm, bayHeightMm: bay.heightMm,
    cycles: 0, maintenanceEveryCycles: 200, cyclesAtLastMaintenance: 0, maintenanceDueAt: null, updatedAt: now,
  };
}

/**
 * Lyon-Bron airport as one simplified rectangle around the aerodrome with a 300 m buffer, up to
 * 150 m above ground. Illustrative only: NOT the official controlled-zone geometry.
 */
export const DEMO_AIRPORT_ZONE = {
  type: 'Feature',
  properties: { name: 'Lyon-Bron airport (demo polygon)', kind: 'airport', bufferM: 300, maxAltitudeM: 150 },
  geometry: { type: 'Polygon', coordinates: [[[4.905, 45.712], [4.972, 45.712], [4.972, 45.748], [4.905, 45.748], [4.905, 45.712]]] },
} as const;

export function demoNoFlyZones(ctx: DomainContext, now: number): NoFlyZoneRow[] {
  const id = ctx.ids.next('nfz');
  const parsed = parseNoFlyZones({ ...DEMO_AIRPORT_ZONE, properties: { ...DEMO_AIRPORT_ZONE.properties, id } });
  if (!parsed.ok) throw new Error(`demo zone invalid: ${parsed.problems[0]!.message}`);
  return parsed.zones.map((z) => ({ id: z.id, name: z.name, kind: z.kind, zone: z, createdAt: now, updatedAt: now }));
}

/** Mild westerly breeze, 11 °C; gusty at 17:00, rain at 18:00 UTC (so the console shows refusals). */
export const DEMO_WEATHER: StaticWeatherConfig = {
  default: { windMps: 4, windFromDeg: 260, gustMps: 7, temperatureC: 11, precipitation: false },
  hours: {
    '17': { windMps: 9, windFromDeg: 250, gustMps: 14, temperatureC: 10, precipitation: false },
    '18': { windMps: 6, windFromDeg: 240, gustMps: 9, temperatureC: 9, precipitation: true },
  },
};

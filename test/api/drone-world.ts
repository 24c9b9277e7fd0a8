// Shared setup for the drone/quote/airspace API suites: the service world plus a drone-pad address,
// a van, the drone profiled as a Wing-like preset, a second drone, and static weather.
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { addAddress } from '../../src/domain/customers.js';
import { setWeatherProvider, staticWeatherProvider } from '../../src/domain/weather.js';
import { bearer, seedWorld, type World } from '../service/fixtures.js';
import type { TestEnv } from '../service/harness.js';

/** Tuesday 2030-01-15 09:00 UTC: the fixture hubs are open 07:00–21:00. */
export const T0_MS = Date.UTC(2030, 0, 15, 9, 0, 0);

export interface DroneWorld extends World {
  padHome: string;
  vanId: string;
  drone2: string;
  pad: [number, number];
}

export async function seedDroneWorld(env: TestEnv): Promise<DroneWorld> {
  const w = await seedWorld(env);
  const { ctx } = env;
  // ~1 km north-east of the north hub (4.835, 45.78), with a landing pad.
  const pad: [number, number] = [4.845, 45.785];
  const padHome = await addAddress(ctx, SYSTEM_ACTOR, w.customers.alice, {
    label: 'pad', line1: '2 rue du Pad', city: 'Lyon', postcode: '69004', country: 'FR', lon: pad[0], lat: pad[1], dropoff: 'drone_pad', dropoffNotes: null,
  });
  const vehicle = (id: string, kind: 'van' | 'drone', name: string) => ({
    id, hubId: w.hubs.north, kind, name, capacityG: kind === 'van' ? 600_000 : 2500, capacityVolumeCm3: 3_000_000, maxParcels: 80,
    speedMps: kind === 'van' ? 8 : 15, rangeM: 150_000, batteryWh: null, costPerKmMinor: 25, costPerHourMinor: 2500, status: 'idle',
    lastLon: null, lastLat: null, batteryPct: null, lastSeenAt: null, createdAt: 0,
  });
  const vanId = ctx.ids.next('veh');
  await ctx.store.repos.vehicles.insert(vehicle(vanId, 'van', 'V1'));
  const drone2 = ctx.ids.next('veh');
  await ctx.store.repos.vehicles.insert(vehicle(drone2, 'drone', 'D2'));
  for (const id of [w.ids.vehicle, drone2]) {
    const res = await env.app.inject({ method: 'PUT', url: `/v1/drones/${id}/profile`, headers: bearer(w.keys.operator), payload: { presetId: 'vty_wing_like' } });
    if (res.statusCode !== 200) throw new Error(`profile: ${res.body}`);
  }
  // Light westerly wind all day; rain from 18:00 to 19:00 UTC.
  setWeatherProvider(ctx, staticWeatherProvider({
    default: { windMps: 3, windFromDeg: 270, temperatureC: 12, precipitation: false },
    hours: { '18': { windMps: 3, windFromDeg: 270, temperatureC: 12, precipitation: true } },
  }));
  return { ...w, padHome: padHome.id, vanId, drone2, pad };
}

export const isoAt = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');

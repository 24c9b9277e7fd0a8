// No-fly zone CRUD as GeoJSON, flight plans created from a dispatched drone route (detours, 4D timing,
// pad capacity) and their GeoJSON export, and who may do what — on both back ends.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { cancelFlightPlansForRoute, createFlightPlansForRoute } from '../../src/domain/airspace-flight-plans.js';
import { chargeSeconds } from '../../src/domain/drone-charging.js';
import { setWeatherProvider, staticWeatherProvider, UNKNOWN_WEATHER } from '../../src/domain/weather.js';
import { energyModelFor } from '../../src/engine/drone/energy.js';
import { sortieLegs } from '../../src/engine/drone/legs.js';
import { WING_LIKE } from '../../src/engine/drone/presets.js';
import { sortieEnergy } from '../../src/engine/drone/sortie.js';
import { prepareAirspace } from '../../src/geo/detour.js';
import { haversineMetres } from '../../src/geo/haversine.js';
import { parseNoFlyZones, segmentCrossesZone } from '../../src/geo/zones.js';
import { bearer } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';
import { isoAt, seedDroneWorld, T0_MS, type DroneWorld } from './drone-world.js';

const NORTH_HUB: [number, number] = [4.835, 45.78];

function square(cx: number, cy: number, d: number) {
  return [[[cx - d, cy - d], [cx + d, cy - d], [cx + d, cy + d], [cx - d, cy + d], [cx - d, cy - d]]];
}

describeBackends('airspace API', (env) => {
  let w: DroneWorld;
  beforeAll(async () => {
    w = await seedDroneWorld(env());
  });
  const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, key: string, payload?: unknown) =>
    env().app.inject({ method, url, headers: bearer(key), ...(payload !== undefined ? { payload: payload as object } : {}) });
  const zoneCount = async () => Number(((await env().store.db.execute(sql`select count(*)::int as n from no_fly_zones`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n);

  const airport = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { name: 'Bron airport', kind: 'airport', bufferM: 100, maxAltitudeM: 150 }, geometry: { type: 'Polygon', coordinates: square(4.94, 45.73, 0.01) } },
      { type: 'Feature', id: 'client-id', properties: { name: 'Stadium (match days)', kind: 'stadium', activeFrom: '2030-01-15T18:00:00Z', activeTo: '2030-01-15T23:00:00Z' }, geometry: { type: 'Polygon', coordinates: square(4.98, 45.765, 0.004) } },
    ],
  };

  it('creates zones from a FeatureCollection and lists them as GeoJSON that parses back to the same zones', async () => {
    const res = await req('POST', '/v1/airspace/zones', w.keys.operator, airport);
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/application\/geo\+json/);
    const created = res.json();
    expect(created.features.map((f: { id: string }) => f.id)).toEqual([expect.stringMatching(/^nfz_/), expect.stringMatching(/^nfz_/)]);
    const list = await req('GET', '/v1/airspace/zones', w.keys.operator);
    expect(list.statusCode).toBe(200);
    expect(list.json().type).toBe('FeatureCollection');
    const back = parseNoFlyZones(list.json());
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const bron = back.zones.find((z) => z.name === 'Bron airport')!;
    expect(bron).toMatchObject({ kind: 'airport', bufferM: 100, altitude: { minM: 0, maxM: 150 }, polygons: [square(4.94, 45.73, 0.01)] });
    const stadium = back.zones.find((z) => z.kind === 'stadium')!;
    expect(stadium.active).toEqual({ from: Date.UTC(2030, 0, 15, 18) / 1000, to: Date.UTC(2030, 0, 15, 23) / 1000 });
    const one = await req('GET', `/v1/airspace/zones/${bron.id}`, w.keys.operator);
    expect(one.json()).toMatchObject({ type: 'Feature', id: bron.id, properties: { name: 'Bron airport' } });
  });

  it('invalid GeoJSON is a 400 naming the path, and stores nothing (all or none)', async () => {
    const before = await zoneCount();
    const open = { type: 'FeatureCollection', features: [airport.features[0], { type: 'Feature', properties: { name: 'broken' }, geometry: { type: 'Polygon', coordinates: [[[4.8, 45.7], [4.81, 45.7], [4.81, 45.71], [4.8, 45.71]]] } }] };
    const res = await req('POST', '/v1/airspace/zones', w.keys.operator, open);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_geojson');
    expect(res.json().error.details.path).toBe('features[1].geometry.coordinates[0]');
    expect(res.json().error.message).toContain('features[1].geometry.coordinates[0]');
    const badKind = await req('POST', '/v1/airspace/zones', w.keys.operator, { type: 'Feature', properties: { kind: 'volcano' }, geometry: { type: 'Polygon', coordinates: square(4.8, 45.7, 0.01) } });
    expect(badKind.json().error.details.path).toBe('feature.properties.kind');
    const notGeo = await req('POST', '/v1/airspace/zones', w.keys.operator, { hello: 'world' });
    expect(notGeo.statusCode).toBe(400);
    expect(await zoneCount()).toBe(before);
  });

  it('replaces and deletes a zone; the id stays on replace; unknown ids are 404', async () => {
    const created = (await req('POST', '/v1/airspace/zones', w.keys.operator, { type: 'Feature', properties: { name: 'Hospital', kind: 'hospital' }, geometry: { type: 'Polygon', coordinates: square(4.82, 45.75, 0.002) } })).json();
    const id = created.features[0].id;
    const put = await req('PUT', `/v1/airspace/zones/${id}`, w.keys.operator, { type: 'Feature', properties: { name: 'Hospital (helipad)', kind: 'heliport', bufferM: 50 }, geometry: { type: 'Polygon', coordinates: square(4.82, 45.75, 0.003) } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ id, properties: { id, name: 'Hospital (helipad)', kind: 'heliport', bufferM: 50 } });
    const badPut = await req('PUT', `/v1/airspace/zones/${id}`, w.keys.operator, { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [4.8, 45.7] } });
    expect(badPut.statusCode).toBe(400);
    expect(badPut.json().error.details.path).toBe('feature.geometry');
    expect((await req('GET', `/v1/airspace/zones/${id}`, w.keys.operator)).json().properties.name).toBe('Hospital (helipad)');
    expect((await req('DELETE', `/v1/airspace/zones/${id}`, w.keys.operator)).statusCode).toBe(204);
    expect((await req('GET', `/v1/airspace/zones/${id}`, w.keys.operator)).statusCode).toBe(404);
    expect((await req('DELETE', `/v1/airspace/zones/${id}`, w.keys.operator)).statusCode).toBe(404);
    expect((await req('PUT', '/v1/airspace/zones/nfz_NOPE', w.keys.operator, put.json())).statusCode).toBe(404);
  });

  it('roles: only operators change zones; devices read them; customers and suppliers are refused', async () => {
    const body = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: square(4.8, 45.7, 0.001) } };
    for (const key of [w.keys.alice, w.keys.supplier, w.keys.device]) expect((await req('POST', '/v1/airspace/zones', key, body)).statusCode).toBe(403);
    expect((await req('GET', '/v1/airspace/zones', w.keys.device)).statusCode).toBe(200);
    for (const key of [w.keys.alice, w.keys.supplier]) expect((await req('GET', '/v1/airspace/zones', key)).statusCode).toBe(403);
  });

  it('createFlightPlansForRoute: a 4D path around a zone, timed like the engine sortie, exported as GeoJSON', async () => {
    // A zone with a 30 m buffer across the straight line from the north hub to the pad.
    const mid: [number, number] = [(NORTH_HUB[0] + w.pad[0]) / 2, (NORTH_HUB[1] + w.pad[1]) / 2];
    const z = await req('POST', '/v1/airspace/zones', w.keys.operator, { type: 'Feature', properties: { name: 'School', kind: 'other', bufferM: 30 }, geometry: { type: 'Polygon', coordinates: square(mid[0], mid[1], 0.0012) } });
    const zoneId = z.json().features[0].id;
    const launchAt = Math.floor(T0_MS / 1000) + 600;
    const [plan] = await env().store.transaction((tx) =>
      createFlightPlansForRoute(env().ctx, tx, { hubId: w.hubs.north, vehicleId: w.ids.vehicle, routeId: 'rte_TEST', sorties: [{ tripNo: 1, launchAt, drops: [{ orderId: 'ord_TEST', lon: w.pad[0], lat: w.pad[1], parcelG: 120 }] }] }),
    );
    expect(plan!.takeoffAt).toBe(launchAt + WING_LIKE.launchSeconds);
    const path = plan!.path;
    expect(path[0]).toEqual([NORTH_HUB[0], NORTH_HUB[1], 0, launchAt + WING_LIKE.launchSeconds]);
    expect(path[path.length - 1]!.slice(0, 3)).toEqual([NORTH_HUB[0], NORTH_HUB[1], 0]);
    expect(Math.max(...path.map((p) => p[2]))).toBe(WING_LIKE.cruiseAltitudeM);
    for (let i = 1; i < path.length; i++) expect(path[i]![3]).toBeGreaterThanOrEqual(path[i - 1]![3]);
    // Independent geometry check: no straight piece enters the zone or its buffer.
    const zone = (await env().store.repos.noFlyZones.get(zoneId))!.zone as Parameters<typeof segmentCrossesZone>[0];
    for (let i = 1; i < path.length; i++) {
      const a: [number, number] = [path[i - 1]![0], path[i - 1]![1]];
      const b: [number, number] = [path[i]![0], path[i]![1]];
      expect(segmentCrossesZone(zone, a, b), `piece ${i}`).toBe(false);
    }
    const straight = 2 * haversineMetres(NORTH_HUB[0], NORTH_HUB[1], w.pad[0], w.pad[1]);
    expect(plan!.distanceM).toBeGreaterThan(straight + 20);
    // Timing agrees with the engine's sortie over the same legs in the same wind.
    const legs = sortieLegs(NORTH_HUB, [w.pad], prepareAirspace([zone], { atTime: launchAt, altitudeM: WING_LIKE.cruiseAltitudeM, origin: NORTH_HUB }));
    if (!legs.ok) throw new Error('no legs');
    const engine = sortieEnergy(WING_LIKE, energyModelFor(WING_LIKE), { legs: legs.legs, parcelsKg: [0.12] }, { fromDeg: 270, speedMps: 3 });
    expect(Math.abs(plan!.landAt - plan!.takeoffAt - engine.flightS)).toBeLessThanOrEqual(2);
    expect(plan!.energyWh).toBeCloseTo(engine.energyWh, 1);
    // Its pack goes on a hub charger once recovered, for the time the sortie's energy needs.
    expect(plan!.chargeFrom).toBe(plan!.padUntil);
    expect(plan!.chargeUntil).toBe(plan!.padUntil + chargeSeconds(WING_LIKE, plan!.energyWh));

    // Export: JSON, ?format=geojson and the .geojson suffix; a device reads its own drone's plan.
    const json = await req('GET', `/v1/flight-plans/${plan!.id}`, w.keys.operator);
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ id: plan!.id, orderIds: ['ord_TEST'], routeId: 'rte_TEST', state: 'planned', chargeFrom: isoAt(plan!.chargeFrom!), chargeUntil: isoAt(plan!.chargeUntil!) });
    for (const url of [`/v1/flight-plans/${plan!.id}?format=geojson`, `/v1/flight-plans/${plan!.id}.geojson`]) {
      const g = await req('GET', url, w.keys.device);
      expect(g.statusCode, url).toBe(200);
      expect(g.headers['content-type']).toMatch(/application\/geo\+json/);
      const fc = g.json();
      expect(fc.type).toBe('FeatureCollection');
      const line = fc.features.find((f: { properties: { kind: string } }) => f.properties.kind === 'flight_path');
      expect(line.geometry.type).toBe('LineString');
      expect(line.geometry.coordinates).toEqual(path.map((p) => [p[0], p[1], p[2]]));
      expect(line.properties.times).toHaveLength(path.length);
      expect(line.properties).toMatchObject({ chargeFrom: isoAt(plan!.chargeFrom!), chargeUntil: isoAt(plan!.chargeUntil!) });
      const drop = fc.features.find((f: { properties: { kind: string } }) => f.properties.kind === 'drop');
      expect(drop.geometry.coordinates).toEqual(w.pad);
      expect(drop.properties.orderId).toBe('ord_TEST');
    }
    const list = await req('GET', `/v1/flight-plans?routeId=rte_TEST`, w.keys.device);
    expect(list.json().data.map((p: { id: string }) => p.id)).toEqual([plan!.id]);
    for (const key of [w.keys.alice, w.keys.supplier]) expect((await req('GET', `/v1/flight-plans/${plan!.id}`, key)).statusCode).toBe(403);
    await req('DELETE', `/v1/airspace/zones/${zoneId}`, w.keys.operator);
  });

  it('refuses sorties beyond the pads, a busy drone, the battery or the known weather, storing none of them', async () => {
    const count = async () => (await env().store.repos.flightPlans.list({ vehicleId: w.ids.vehicle }, { limit: 200 })).items.length;
    const before = await count();
    const at = Math.floor(T0_MS / 1000) + 7200;
    const drop = { orderId: 'ord_X', lon: w.pad[0], lat: w.pad[1], parcelG: 120 };
    const run = (sorties: Array<{ tripNo: number; launchAt: number; drops: typeof drop[] }>, vehicleId = w.ids.vehicle) =>
      env().store.transaction((tx) => createFlightPlansForRoute(env().ctx, tx, { hubId: w.hubs.north, vehicleId, routeId: 'rte_R', sorties }));
    // Two stored plans (another vehicle) hold both pads of the north hub for launch handling [at, at + 600).
    const hold = (id: string) => ({
      id, hubId: w.hubs.north, vehicleId: w.vanId, routeId: null, tripNo: 1, orderIds: [], state: 'planned', padFrom: at, takeoffAt: at + 600,
      landAt: at + 5000, padUntil: at + 5060, cruiseAltitudeM: 50, path: [], distanceM: 0, energyWh: 0, chargeFrom: null, chargeUntil: null, specId: 'test', createdAt: at,
    });
    await env().store.repos.flightPlans.insert([hold(env().ctx.ids.next('fpl')), hold(env().ctx.ids.next('fpl'))]);
    await expect(run([{ tripNo: 1, launchAt: at + 100, drops: [drop] }])).rejects.toMatchObject({ code: 'launch_pads_exceeded' });
    // Once a pad frees up the launch is fine.
    const [ok] = await run([{ tripNo: 1, launchAt: at + 600, drops: [drop] }]);
    expect(ok!.padFrom).toBe(at + 600);
    // The same drone cannot start another sortie before landing, recovery and turnaround.
    await expect(run([{ tripNo: 2, launchAt: ok!.padUntil + WING_LIKE.turnaroundSeconds - 1, drops: [drop] }])).rejects.toMatchObject({ code: 'drone_busy' });
    // 30 km away: beyond the battery.
    await expect(run([{ tripNo: 9, launchAt: at + 3600, drops: [{ ...drop, lon: 5.2 }] }])).rejects.toMatchObject({ code: 'flight_infeasible' });
    setWeatherProvider(env().ctx, UNKNOWN_WEATHER);
    try {
      await expect(run([{ tripNo: 9, launchAt: at + 3600, drops: [drop] }])).rejects.toMatchObject({ code: 'weather_unknown' });
    } finally {
      setWeatherProvider(env().ctx, staticWeatherProvider({ default: { windMps: 3, windFromDeg: 270, temperatureC: 12 } }));
    }
    // A van is not a drone.
    await expect(run([{ tripNo: 1, launchAt: at, drops: [drop] }], w.vanId)).rejects.toMatchObject({ code: 'not_a_drone' });
    expect(await count()).toBe(before + 1);
    // Replanning cancels what has not started; cancelled plans no longer hold pads.
    expect(await env().store.transaction((tx) => cancelFlightPlansForRoute(tx, 'rte_R'))).toBe(1);
    expect((await env().store.repos.flightPlans.get(ok!.id))!.state).toBe('cancelled');
    expect((await env().store.repos.flightPlans.padOccupancy(w.hubs.north, at + 600, at + 630)).map((p) => p.id)).not.toContain(ok!.id);
  });

  it('the OpenAPI document describes the quote, airspace and drone endpoints', async () => {
    const doc = (await env().app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of ['/v1/quotes', '/v1/quotes/{id}', '/v1/airspace/zones', '/v1/airspace/zones/{id}', '/v1/flight-plans', '/v1/flight-plans/{id}', '/v1/drones', '/v1/drones/{id}/state', '/v1/drones/{id}/profile']) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });
}, { nowMs: () => T0_MS });

// Drone profiles and state through the API on both back ends: presets and custom specs, battery and
// cycles reported by the drone's own device key, maintenance by operators, and its effect on quotes.
import { beforeAll, expect, it } from 'vitest';
import { WING_LIKE } from '../../src/engine/drone/presets.js';
import { bearer } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';
import { seedDroneWorld, T0_MS, type DroneWorld } from './drone-world.js';

describeBackends('drones API', (env) => {
  let w: DroneWorld;
  beforeAll(async () => {
    w = await seedDroneWorld(env());
  });
  const req = (method: 'GET' | 'PUT' | 'PATCH' | 'POST', url: string, key: string, payload?: unknown) =>
    env().app.inject({ method, url, headers: bearer(key), ...(payload !== undefined ? { payload: payload as object } : {}) });

  it('lists profiled drones with their preset, bay and maintenance state', async () => {
    const res = await req('GET', `/v1/drones?hubId=${w.hubs.north}`, w.keys.operator);
    expect(res.statusCode).toBe(200);
    const ids = res.json().data.map((d: { vehicleId: string }) => d.vehicleId).sort();
    expect(ids).toEqual([w.ids.vehicle, w.drone2].sort());
    const d = res.json().data.find((x: { vehicleId: string }) => x.vehicleId === w.ids.vehicle);
    expect(d).toMatchObject({ presetId: 'vty_wing_like', available: true, cycles: 0, bay: { lengthMm: 320, widthMm: 220, heightMm: 150 }, maintenance: { due: false, cyclesUntilDue: 200, everyCycles: 200 } });
    expect(d.spec.maxPayloadKg).toBeCloseTo(WING_LIKE.maxPayloadKg, 9);
    const presets = await req('GET', '/v1/drone-presets', w.keys.operator);
    expect(presets.json().data.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['vty_wing_like', 'vty_mk30_like', 'vty_zipline_p2_like']));
  });

  it('a device reports battery and cycles for its own drone only; maintenance fields are operator-only', async () => {
    const own = await req('PATCH', `/v1/drones/${w.ids.vehicle}/state`, w.keys.device, { batteryPct: 76.5, completedCycles: 3 });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ batteryPct: 76.5, cycles: 3, maintenance: { cyclesUntilDue: 197 } });
    expect((await req('GET', `/v1/drones/${w.ids.vehicle}`, w.keys.device)).json()).toMatchObject({ batteryPct: 76.5, cycles: 3 });
    // Another drone reads as not found for this device.
    expect((await req('GET', `/v1/drones/${w.drone2}`, w.keys.device)).statusCode).toBe(404);
    expect((await req('PATCH', `/v1/drones/${w.drone2}/state`, w.keys.device, { batteryPct: 50 })).statusCode).toBe(404);
    const forbidden = await req('PATCH', `/v1/drones/${w.ids.vehicle}/state`, w.keys.device, { maintenanceDone: true });
    expect(forbidden.statusCode).toBe(403);
    expect((await req('PATCH', `/v1/drones/${w.ids.vehicle}/state`, w.keys.device, { batteryPct: 101 })).statusCode).toBe(400);
    expect((await req('PATCH', `/v1/drones/${w.ids.vehicle}/state`, w.keys.device, {})).statusCode).toBe(400);
    for (const key of [w.keys.alice, w.keys.supplier]) {
      expect((await req('GET', `/v1/drones/${w.ids.vehicle}`, key)).statusCode).toBe(403);
      expect((await req('PATCH', `/v1/drones/${w.ids.vehicle}/state`, key, { batteryPct: 10 })).statusCode).toBe(403);
    }
    expect((await req('GET', '/v1/drones', w.keys.device)).statusCode).toBe(403);
    expect((await req('PUT', `/v1/drones/${w.ids.vehicle}/profile`, w.keys.device, { presetId: 'vty_mk30_like' })).statusCode).toBe(403);
  });

  it('profiles: a custom spec is validated (400 naming the field); a van cannot be a drone', async () => {
    const bad = await req('PUT', `/v1/drones/${w.drone2}/profile`, w.keys.operator, { spec: { ...WING_LIKE, maxPayloadKg: -1 }, bay: { lengthMm: 300, widthMm: 200, heightMm: 100 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.path).toBe('/spec/maxPayloadKg');
    const noBay = await req('PUT', `/v1/drones/${w.drone2}/profile`, w.keys.operator, { spec: { ...WING_LIKE, id: 'vty_custom' } });
    expect(noBay.json().error.details.path).toBe('/bay');
    expect((await req('PUT', `/v1/drones/${w.drone2}/profile`, w.keys.operator, { presetId: 'vty_nope' })).statusCode).toBe(400);
    expect((await req('PUT', `/v1/drones/${w.vanId}/profile`, w.keys.operator, { presetId: 'vty_wing_like' })).statusCode).toBe(400);
    const custom = await req('PUT', `/v1/drones/${w.drone2}/profile`, w.keys.operator, { spec: { ...WING_LIKE, id: 'vty_custom', name: 'Custom' }, bay: { lengthMm: 300, widthMm: 200, heightMm: 100 } });
    expect(custom.statusCode).toBe(200);
    expect(custom.json()).toMatchObject({ presetId: null, spec: { id: 'vty_custom' }, bay: { heightMm: 100 } });
  });

  it('drones in maintenance or due for it do not fly: the quote says no_drone_available until maintenance is done', async () => {
    const quote = async () => (await req('POST', '/v1/quotes', w.keys.operator, { addressId: w.padHome, lines: [{ sku: 'TEA-100', quantity: 1 }] })).json().modes.find((m: { mode: string }) => m.mode === 'drone');
    expect((await quote()).eligible).toBe(true);
    await req('PATCH', `/v1/drones/${w.drone2}/state`, w.keys.operator, { status: 'maintenance' });
    // Due by date for the other drone.
    const due = await req('PATCH', `/v1/drones/${w.ids.vehicle}/state`, w.keys.operator, { maintenanceDueAt: new Date(T0_MS - 1000).toISOString() });
    expect(due.json()).toMatchObject({ available: false, maintenance: { due: true, reasons: ['date'] } });
    const refused = await quote();
    expect(refused.eligible).toBe(false);
    expect(refused.reasons.map((r: { code: string }) => r.code)).toEqual(['no_drone_available']);
    const done = await req('PATCH', `/v1/drones/${w.drone2}/state`, w.keys.operator, { maintenanceDone: true });
    expect(done.json()).toMatchObject({ status: 'idle', available: true });
    expect((await quote()).eligible).toBe(true);
  });
}, { nowMs: () => T0_MS });

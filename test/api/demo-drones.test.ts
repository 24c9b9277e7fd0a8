// The demo city's drone side: preset drones at every hub, the airport zone, static weather that
// the quotes read (gusts at 17:00 UTC ground every preset).
import { beforeAll, expect, it } from 'vitest';
import { seedDemoCity } from '../../src/demo/seed.js';
import { DEMO_HUBS } from '../../src/demo/city.js';
import { bearer } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

let clockMs = Date.UTC(2030, 0, 15, 10, 0);

describeBackends('demo city drones', (env) => {
  let operatorKey: string;
  beforeAll(async () => {
    operatorKey = (await seedDemoCity(env().ctx)).operatorKey;
  });
  const get = (url: string) => env().app.inject({ method: 'GET', url, headers: bearer(operatorKey) });

  it('every hub has one Wing-like, one MK30-like and one P2-like drone, and the airport zone exists', async () => {
    const drones = (await get('/v1/drones')).json().data as Array<{ hubId: string; presetId: string }>;
    expect(drones).toHaveLength(3 * DEMO_HUBS.length);
    const byHub = new Map<string, string[]>();
    for (const d of drones) byHub.set(d.hubId, [...(byHub.get(d.hubId) ?? []), d.presetId]);
    for (const presets of byHub.values()) expect(presets.sort()).toEqual(['vty_mk30_like', 'vty_wing_like', 'vty_zipline_p2_like']);
    const zones = (await get('/v1/airspace/zones')).json();
    expect(zones.features.map((f: { properties: { kind: string } }) => f.properties.kind)).toEqual(['airport']);
  });

  it('quotes read the demo weather: drones fly at 10:00, none in the 17:00 gusts', async () => {
    clockMs = Date.UTC(2030, 0, 15, 10, 0);
    // A drone-capable customer of the demo city.
    const customers = await env().store.repos.customers.list({ limit: 200 });
    let addressId: string | null = null;
    for (const c of customers.items) {
      const adr = (await env().store.repos.customers.listAddresses(c.id, { limit: 10 })).items.find((a) => a.dropoff === 'drone_pad' || a.dropoff === 'yard');
      if (adr) {
        addressId = adr.id;
        break;
      }
    }
    expect(addressId).not.toBeNull();
    const quote = async () => (await env().app.inject({ method: 'POST', url: '/v1/quotes', headers: bearer(operatorKey), payload: { addressId, lines: [{ sku: 'TEA-100', quantity: 1 }] } })).json();
    const morning = await quote();
    expect(morning.modes.find((m: { mode: string }) => m.mode === 'drone').eligible).toBe(true);
    clockMs = Date.UTC(2030, 0, 15, 17, 5);
    const gusty = (await quote()).modes.find((m: { mode: string }) => m.mode === 'drone');
    expect(gusty.eligible).toBe(false);
    expect(gusty.reasons.map((r: { code: string }) => r.code)).toContain('gust_above_limit');
  });
}, { nowMs: () => clockMs });

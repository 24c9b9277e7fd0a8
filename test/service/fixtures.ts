// A small world for integration tests: one city, two hubs, a few products with stock,
// customers with addresses inside and outside the service areas, and a key per role.
import { createApiKey } from '../../src/domain/api-keys.js';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { adjustStock, createHub, createProduct } from '../../src/domain/catalog.js';
import { addAddress, createCustomer } from '../../src/domain/customers.js';
import type { TestEnv } from './harness.js';

export interface World {
  hubs: { north: string; south: string };
  products: { tea: string; kettle: string; rare: string };
  customers: { alice: string; bob: string };
  addresses: { aliceHome: string; bobHome: string; farAway: string };
  keys: { operator: string; alice: string; bob: string; supplier: string; device: string };
  ids: { supplier: string; vehicle: string };
}

const DAY = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: 7 * 3600, close: 21 * 3600 }));

export async function seedWorld(env: TestEnv): Promise<World> {
  const { ctx } = env;
  const a = SYSTEM_ACTOR;
  // Lyon: two hubs ~4 km apart, 5 km service radius each.
  const north = await createHub(ctx, a, { name: 'Nord', lon: 4.835, lat: 45.78, serviceRadiusM: 5000, openingHours: DAY, launchPads: 2, chargers: 4 });
  const south = await createHub(ctx, a, { name: 'Sud', lon: 4.84, lat: 45.742, serviceRadiusM: 5000, openingHours: DAY, launchPads: 1, chargers: 2 });
  const p = (sku: string, name: string, weightG: number, priceMinor: number) =>
    createProduct(ctx, a, { sku, name, weightG, lengthMm: 200, widthMm: 150, heightMm: 100, priceMinor, currency: 'EUR' });
  const tea = await p('TEA-100', 'Green tea 100 g', 120, 650);
  const kettle = await p('KET-1', 'Kettle 1.7 l', 1400, 3999);
  const rare = await p('RARE-1', 'Limited edition mug', 400, 2500);
  await adjustStock(ctx, a, { hubId: north.id, sku: 'TEA-100', delta: 100, reason: 'initial' });
  await adjustStock(ctx, a, { hubId: north.id, sku: 'KET-1', delta: 5, reason: 'initial' });
  await adjustStock(ctx, a, { hubId: south.id, sku: 'TEA-100', delta: 50, reason: 'initial' });
  await adjustStock(ctx, a, { hubId: south.id, sku: 'RARE-1', delta: 10, reason: 'initial' });
  const alice = await createCustomer(ctx, { name: 'Alice', email: 'alice@example.org', phone: null, notifyChannel: 'email' });
  const bob = await createCustomer(ctx, { name: 'Bob', email: null, phone: '+33600000000', notifyChannel: 'sms' });
  const adr = (lon: number, lat: number) => ({ label: null, line1: '1 rue Test', city: 'Lyon', postcode: '69001', country: 'FR', lon, lat, dropoff: 'door', dropoffNotes: null });
  const aliceHome = await addAddress(ctx, a, alice.id, adr(4.833, 45.775)); // near north
  const bobHome = await addAddress(ctx, a, bob.id, adr(4.842, 45.745)); // near south
  const farAway = await addAddress(ctx, a, alice.id, adr(5.5, 45.2)); // outside both areas
  // Supplier and vehicle rows exist so that keys for those roles can name their subject.
  const supplierId = ctx.ids.next('sup');
  await ctx.store.repos.suppliers.insert({ id: supplierId, name: 'Thé & Co', email: null, leadTimeS: 86400, createdAt: 0 });
  const vehicleId = ctx.ids.next('veh');
  await ctx.store.repos.vehicles.insert({
    id: vehicleId, hubId: north.id, kind: 'drone', name: 'D1', capacityG: 2500, capacityVolumeCm3: 8000, maxParcels: 1,
    speedMps: 15, rangeM: 12000, batteryWh: 500, costPerKmMinor: 5, costPerHourMinor: 0, status: 'idle',
    lastLon: null, lastLat: null, batteryPct: null, lastSeenAt: null, createdAt: 0,
  });
  const key = async (role: 'operator' | 'customer' | 'supplier' | 'device', subjectId: string | null) => (await createApiKey(ctx, { role, subjectId })).key;
  return {
    hubs: { north: north.id, south: south.id },
    products: { tea: tea.id, kettle: kettle.id, rare: rare.id },
    customers: { alice: alice.id, bob: bob.id },
    addresses: { aliceHome: aliceHome.id, bobHome: bobHome.id, farAway: farAway.id },
    keys: {
      operator: await key('operator', null),
      alice: await key('customer', alice.id),
      bob: await key('customer', bob.id),
      supplier: await key('supplier', supplierId),
      device: await key('device', vehicleId),
    },
    ids: { supplier: supplierId, vehicle: vehicleId },
  };
}

/** A delivery window starting in an hour, two hours long, as ISO strings. */
export function futureWindow(nowMs = Date.now()): { start: string; end: string } {
  const start = Math.floor(nowMs / 1000) + 3600;
  return { start: new Date(start * 1000).toISOString(), end: new Date((start + 7200) * 1000).toISOString() };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

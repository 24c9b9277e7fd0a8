// Writes the demo city into an empty database in one transaction (all or nothing), and the
// documented demo keys. Master data is written through the repositories directly: it is
// trusted seed data, and one transaction keeps a half-seeded city impossible.
import { createApiKey, hashApiKey } from '../domain/api-keys.js';
import type { DomainContext } from '../domain/context.js';
import { nowS } from '../domain/context.js';
import { DEMO_WEATHER, demoDroneProfile, demoNoFlyZones } from './drones.js'; import { setWeatherProvider, staticWeatherProvider } from '../domain/weather.js';
import { DEMO_FLEET, DEMO_HUBS, DEMO_OPENING_HOURS, DEMO_PRODUCTS, DEMO_SUPPLIERS, demoCustomers, demoStockUnits } from './city.js';

/** Fixed, documented keys created only by `relais serve --demo`. Never use --demo on a real deployment. */
export const DEMO_OPERATOR_KEY = 'relais-demo-operator-key';
export const DEMO_CUSTOMER_KEY = 'relais-demo-customer-key';

export interface DemoSeedResult {
  seeded: boolean;
  operatorKey: string;
  customerKey: string;
  customerId: string | null;
}

export async function seedDemoCity(ctx: DomainContext): Promise<DemoSeedResult> {
  const seeded = (await ctx.store.repos.hubs.count()) === 0;
  setWeatherProvider(ctx, staticWeatherProvider(DEMO_WEATHER)); // in-process only: attached on every --demo start
  if (seeded) await writeCity(ctx);
  // The keys are (re)created if missing, e.g. on a database seeded before by another tool.
  const firstCustomer = (await ctx.store.repos.customers.list({ limit: 1 })).items[0];
  if (!(await ctx.store.repos.apiKeys.findActiveByHash(hashApiKey(DEMO_OPERATOR_KEY)))) {
    await createApiKey(ctx, { role: 'operator', label: 'demo operator (--demo)', fixedKey: DEMO_OPERATOR_KEY });
  }
  if (firstCustomer && !(await ctx.store.repos.apiKeys.findActiveByHash(hashApiKey(DEMO_CUSTOMER_KEY)))) {
    await createApiKey(ctx, { role: 'customer', subjectId: firstCustomer.id, label: 'demo customer (--demo)', fixedKey: DEMO_CUSTOMER_KEY });
  }
  return { seeded, operatorKey: DEMO_OPERATOR_KEY, customerKey: DEMO_CUSTOMER_KEY, customerId: firstCustomer?.id ?? null };
}

async function writeCity(ctx: DomainContext): Promise<void> {
  const now = nowS(ctx);
  await ctx.store.transaction(async (tx) => {
    const hubIds: string[] = [];
    for (const h of DEMO_HUBS) {
      const id = ctx.ids.next('hub');
      hubIds.push(id);
      await tx.hubs.insert({
        id, name: h.name, lon: h.lon, lat: h.lat, serviceRadiusM: h.serviceRadiusM,
        openingHours: DEMO_OPENING_HOURS, launchPads: h.launchPads, chargers: h.chargers, createdAt: now,
      });
    }
    const supplierByCategory = new Map<string, string>();
    for (const s of DEMO_SUPPLIERS) {
      const id = ctx.ids.next('sup');
      await tx.suppliers.insert({ id, name: s.name, email: s.email, leadTimeS: s.leadTimeS, createdAt: now });
      for (const c of s.categories) supplierByCategory.set(c, id);
    }
    for (const [i, [sku, name, weightG, lengthMm, widthMm, heightMm, priceMinor, category]] of DEMO_PRODUCTS.entries()) {
      const productId = ctx.ids.next('prd');
      await tx.products.insert({ id: productId, sku, name, weightG, lengthMm, widthMm, heightMm, priceMinor, currency: 'EUR', createdAt: now });
      for (const [h, hubId] of hubIds.entries()) {
        const qty = demoStockUnits(i, h); // shared with the demo scenario (src/sim/scenario/demo.ts)
        if (qty > 0) await tx.stock.adjust(hubId, productId, qty, now);
        await tx.suppliers.insertRule({
          id: ctx.ids.next('rr'), hubId, productId, supplierId: supplierByCategory.get(category)!,
          reorderPoint: 20, reorderQuantity: 100, unitCostMinor: Math.round(priceMinor * 0.55), enabled: true, createdAt: now,
        });
      }
    }
    for (const c of demoCustomers()) {
      const customerId = ctx.ids.next('cus');
      await tx.customers.insert({ id: customerId, name: c.name, email: c.email, phone: c.phone, notifyChannel: c.notifyChannel, createdAt: now });
      await tx.customers.insertAddress({ id: ctx.ids.next('adr'), customerId, label: 'home', ...c.address, createdAt: now });
    }
    for (const [h, hubId] of hubIds.entries()) {
      const hub = DEMO_HUBS[h]!;
      for (const v of DEMO_FLEET) {
        for (let n = 1; n <= v.count; n++) {
          const vehicleId = ctx.ids.next('veh');
          await tx.vehicles.insert({
            id: vehicleId, hubId, kind: v.kind, name: `${v.name} ${hub.name.replace('Lyon ', '')} ${n}`,
            capacityG: v.capacityG, capacityVolumeCm3: v.capacityVolumeCm3, maxParcels: v.maxParcels, speedMps: v.speedMps,
            rangeM: v.rangeM, batteryWh: v.batteryWh, costPerKmMinor: v.costPerKmMinor, costPerHourMinor: v.costPerHourMinor,
            status: 'idle', lastLon: hub.lon, lastLat: hub.lat, batteryPct: 100, lastSeenAt: null, createdAt: now,
          });
          if (v.kind === 'drone') await tx.droneProfiles.insert(demoDroneProfile(vehicleId, n, now));
        }
      }
    }
    await tx.noFlyZones.insert(demoNoFlyZones(ctx, now));
  });
}

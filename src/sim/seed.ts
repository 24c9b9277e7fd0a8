// Writes a scenario's city (hubs, catalogue, stock, suppliers and reorder rules, customers, fleet)
// into an empty database in one transaction, like the demo seed (src/demo/seed.ts): trusted master
// data, all or nothing. Everything that happens afterwards (orders, dispatch, deliveries) goes
// through the domain.
import type { DomainContext } from '../domain/context.js';
import { nowS } from '../domain/context.js';
import { dronePreset } from '../engine/drone/presets.js';
import { specRadiusM } from '../engine/drone/calibrate.js';
import { DEFAULT_MAINTENANCE_EVERY_CYCLES, PRESET_BAYS } from '../domain/drone-fleet.js';
import type { NoFlyZone } from '../geo/zones.js';
import { scenarioCustomers } from './scenario/customers.js';
import type { Scenario } from './scenario/schema.js';
import { hourFieldSeconds } from './scenario/validate.js';

export class SeedRefusedError extends Error {}

export async function seedScenario(ctx: DomainContext, s: Scenario, zones: readonly NoFlyZone[] = []): Promise<void> {
  if ((await ctx.store.repos.hubs.count()) > 0) {
    throw new SeedRefusedError('the database already holds a city (hubs exist); simulate on an empty database (the default in-memory one, or a fresh --database)');
  }
  const now = nowS(ctx);
  await ctx.store.transaction(async (tx) => {
    const hubIds = new Map<string, string>();
    for (const h of s.hubs) {
      const id = ctx.ids.next('hub');
      hubIds.set(h.key, id);
      const open = hourFieldSeconds(h.opens);
      const close = hourFieldSeconds(h.closes);
      await tx.hubs.insert({
        id, name: h.name, lon: h.lon, lat: h.lat, serviceRadiusM: h.serviceRadiusM,
        openingHours: [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open, close })),
        launchPads: h.launchPads, chargers: h.chargers, createdAt: now,
      });
    }
    const supplierByCategory = new Map<string, string>();
    for (const sup of s.suppliers) {
      const id = ctx.ids.next('sup');
      await tx.suppliers.insert({ id, name: sup.name, email: sup.email, leadTimeS: sup.leadTimeS, createdAt: now });
      for (const c of sup.categories) supplierByCategory.set(c, id);
    }
    const units = new Map(s.stock.overrides.map((o) => [`${o.hub}|${o.sku}`, o.units]));
    for (const p of s.products) {
      const productId = ctx.ids.next('prd');
      await tx.products.insert({
        id: productId, sku: p.sku, name: p.name, weightG: p.weightG, lengthMm: p.lengthMm, widthMm: p.widthMm,
        heightMm: p.heightMm, priceMinor: p.priceMinor, currency: p.currency, createdAt: now,
      });
      for (const h of s.hubs) {
        const hubId = hubIds.get(h.key)!;
        const qty = units.get(`${h.key}|${p.sku}`) ?? s.stock.defaultUnits;
        if (qty > 0) await tx.stock.adjust(hubId, productId, qty, now);
        const supplierId = supplierByCategory.get(p.category);
        if (supplierId) {
          await tx.suppliers.insertRule({
            id: ctx.ids.next('rr'), hubId, productId, supplierId, reorderPoint: s.reorder.reorderPoint,
            reorderQuantity: s.reorder.reorderQuantity, unitCostMinor: Math.round(p.priceMinor * s.reorder.unitCostShare),
            enabled: true, createdAt: now,
          });
        }
      }
    }
    for (const c of scenarioCustomers(s)) {
      const customerId = ctx.ids.next('cus');
      await tx.customers.insert({ id: customerId, name: c.name, email: c.email, phone: c.phone, notifyChannel: c.notifyChannel, createdAt: now });
      await tx.customers.insertAddress({ id: ctx.ids.next('adr'), customerId, label: 'home', ...c.address, createdAt: now });
    }
    if (zones.length) await tx.noFlyZones.insert(zones.map((z) => ({ id: z.id, name: z.name, kind: z.kind, zone: z, createdAt: now, updatedAt: now })));
    for (const h of s.hubs) {
      const hubId = hubIds.get(h.key)!;
      for (const f of s.fleet) {
        if (f.hub !== undefined && f.hub !== h.key) continue;
        for (let n = 1; n <= f.count; n++) {
          const base = { id: ctx.ids.next('veh'), hubId, kind: f.kind, name: `${f.name} ${h.name} ${n}`, status: 'idle', lastLon: h.lon, lastLat: h.lat, batteryPct: 100, lastSeenAt: null, createdAt: now };
          if (f.kind === 'van') {
            await tx.vehicles.insert({
              ...base, capacityG: f.capacityG, capacityVolumeCm3: f.capacityVolumeCm3, maxParcels: f.maxParcels, speedMps: f.speedMps,
              rangeM: f.rangeM, batteryWh: f.batteryWh, costPerKmMinor: f.costPerKmMinor, costPerHourMinor: f.costPerHourMinor,
            });
          } else {
            const spec = dronePreset(f.preset)!; // validated
            const bay = PRESET_BAYS[f.preset] ?? { lengthMm: 300, widthMm: 200, heightMm: 150 };
            await tx.vehicles.insert({
              ...base, capacityG: Math.floor(spec.maxPayloadKg * 1000), capacityVolumeCm3: Math.round((bay.lengthMm * bay.widthMm * bay.heightMm) / 1000), maxParcels: 1,
              speedMps: spec.cruiseAirspeedMps, rangeM: Math.floor(2 * specRadiusM(spec)) /* out and back at full payload: dispatch checks drone jobs against it */, batteryWh: Math.round(spec.batteryWh),
              costPerKmMinor: f.costPerKmMinor, costPerHourMinor: f.costPerHourMinor,
            });
            // The drone's profile (preset spec, bay, maintenance) as the domain keeps it, like the demo seed's.
            await tx.droneProfiles.insert({
              vehicleId: base.id, presetId: f.preset, spec, bayLengthMm: bay.lengthMm, bayWidthMm: bay.widthMm, bayHeightMm: bay.heightMm,
              cycles: 0, maintenanceEveryCycles: DEFAULT_MAINTENANCE_EVERY_CYCLES, cyclesAtLastMaintenance: 0, maintenanceDueAt: null, updatedAt: now,
            });
          }
        }
      }
    }
  });
}

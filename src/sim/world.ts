// The simulator's picture of the city, read back from the database after seeding (so a city
// seeded by `relais serve --demo` works the same as one seeded from a scenario): hubs, vehicles
// with their physics, customers' addresses and the catalogue with its demand weights.
import type { DomainContext } from '../domain/context.js';
import { listDrones } from '../domain/drone-fleet.js';
import { energyModelFor, type EnergyModel } from '../engine/drone/energy.js';
import { dronePreset } from '../engine/drone/presets.js';
import type { DroneSpec } from '../engine/drone/spec.js';
import type { AddressRow, HubRow, ProductRow, VehicleRow } from '../store/index.js';
import type { Scenario, ScenarioHub } from './scenario/schema.js';
import { hourFieldSeconds } from './scenario/validate.js';

export interface SimHub {
  row: HubRow;
  key: string;
  opensS: number;
  closesS: number;
}

export interface SimVehicle {
  row: VehicleRow;
  kind: 'van' | 'drone';
  hubId: string;
  drone?: { spec: DroneSpec; model: EnergyModel };
}

export interface SimAddress {
  customerId: string;
  address: AddressRow;
}

export interface World {
  hubs: SimHub[];
  hubById: Map<string, SimHub>;
  vehicles: SimVehicle[];
  addresses: SimAddress[];
  products: ProductRow[];
  /** Demand weight per product, same order as `products`. */
  productWeights: number[];
}

export class WorldMismatchError extends Error {}

export async function loadWorld(ctx: DomainContext, s: Scenario): Promise<World> {
  const repos = ctx.store.repos;
  const hubRows = await repos.hubs.all();
  const byName = new Map(s.hubs.map((h) => [h.name, h]));
  const hubs: SimHub[] = hubRows.map((row) => {
    const sh: ScenarioHub | undefined = byName.get(row.name);
    if (!sh) throw new WorldMismatchError(`hub "${row.name}" in the database is not in scenario ${s.name}`);
    return { row, key: sh.key, opensS: hourFieldSeconds(sh.opens), closesS: hourFieldSeconds(sh.closes) };
  });
  const vehicles: SimVehicle[] = [];
  for (const h of hubs) {
    // A drone flies with the spec of its profile in the domain; one without a profile, as the scenario's first drone preset.
    const profiled = new Map((await listDrones(ctx, h.row.id)).map((u) => [u.vehicle.id, u.spec]));
    for (const row of await repos.vehicles.forHub(h.row.id)) {
      if (row.kind === 'drone') {
        const entry = s.fleet.find((f) => f.kind === 'drone' && (f.hub === undefined || f.hub === h.key));
        const spec = profiled.get(row.id) ?? dronePreset(entry?.kind === 'drone' ? entry.preset : 'vty_wing_like')!;
        vehicles.push({ row, kind: 'drone', hubId: h.row.id, drone: { spec, model: energyModelFor(spec) } });
      } else {
        vehicles.push({ row, kind: 'van', hubId: h.row.id });
      }
    }
  }
  const addresses: SimAddress[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await repos.customers.list({ limit: 200, ...(cursor ? { afterId: cursor } : {}) });
    for (const c of page.items) {
      const a = (await repos.customers.listAddresses(c.id, { limit: 1 })).items[0];
      if (a) addresses.push({ customerId: c.id, address: a });
    }
    if (!page.nextAfterId) break;
    cursor = page.nextAfterId;
  }
  const products = await repos.products.bySkus(s.products.map((p) => p.sku));
  products.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  const weightBySku = new Map(s.products.map((p) => [p.sku, p.demandWeight]));
  return {
    hubs,
    hubById: new Map(hubs.map((h) => [h.row.id, h])),
    vehicles,
    addresses,
    products,
    productWeights: products.map((p) => weightBySku.get(p.sku) ?? 0),
  };
}

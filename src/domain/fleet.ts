// Vehicles (vans and drones) based at hubs. Operators manage them; a device key reads only its own vehicle.
import type { Page, PageRequest, VehicleRow } from '../store/index.js';
import { actorLabel, type Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { DomainError, notFound } from './errors.js';

export const VEHICLE_KINDS = ['van', 'drone'] as const;
export const VEHICLE_STATUSES = ['idle', 'en_route', 'charging', 'maintenance', 'offline'] as const;
export type VehicleStatus = (typeof VEHICLE_STATUSES)[number];

export type NewVehicle = Pick<VehicleRow, 'hubId' | 'kind' | 'name' | 'capacityG' | 'capacityVolumeCm3' | 'maxParcels' | 'speedMps' | 'rangeM'> &
  Partial<Pick<VehicleRow, 'batteryWh' | 'costPerKmMinor' | 'costPerHourMinor' | 'status'>>;

export async function createVehicle(ctx: DomainContext, actor: Actor, input: NewVehicle): Promise<VehicleRow> {
  const now = nowS(ctx);
  if (!(VEHICLE_KINDS as readonly string[]).includes(input.kind)) {
    throw new DomainError('validation_failed', `unknown vehicle kind ${input.kind}`, { path: '/kind' });
  }
  const row: VehicleRow = {
    id: ctx.ids.next('veh'),
    hubId: input.hubId,
    kind: input.kind,
    name: input.name,
    capacityG: input.capacityG,
    capacityVolumeCm3: input.capacityVolumeCm3,
    maxParcels: input.maxParcels,
    speedMps: input.speedMps,
    rangeM: input.rangeM,
    batteryWh: input.batteryWh ?? null,
    costPerKmMinor: input.costPerKmMinor ?? 0,
    costPerHourMinor: input.costPerHourMinor ?? 0,
    status: input.status ?? 'idle',
    lastLon: null,
    lastLat: null,
    batteryPct: null,
    lastSeenAt: null,
    createdAt: now,
  };
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.hubs.get(input.hubId))) throw new DomainError('unknown_hub', `hub ${input.hubId} does not exist`, { hubId: input.hubId });
    await tx.vehicles.insert(row);
    await tx.audit.append({ id: ctx.ids.next('aud'), at: now, actor: actorLabel(actor), action: 'vehicle.create', entityType: 'vehicle', entityId: row.id, details: { hubId: row.hubId, kind: row.kind } });
  });
  return row;
}

/** Operators see every vehicle; a device only its own (others read as not found). */
export async function getVehicle(ctx: DomainContext, actor: Actor, id: string): Promise<VehicleRow> {
  const visible = actor.role === 'operator' || (actor.role === 'device' && actor.subjectId === id);
  const row = visible ? await ctx.store.repos.vehicles.get(id) : undefined;
  if (!row) throw notFound('vehicle', id);
  return row;
}

export function listVehicles(ctx: DomainContext, filter: { hubId?: string }, page: PageRequest): Promise<Page<VehicleRow>> {
  return ctx.store.repos.fleet.list(filter, page);
}

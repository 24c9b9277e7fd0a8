// Drones: profiles (preset or custom spec, cargo bay), state (battery %, cycles, maintenance).
// Operators manage every drone; a device key reads and reports for its own drone only.
import type { FastifyInstance } from 'fastify';
import { type DroneUnit, PRESET_BAYS, droneAvailable, getDrone, listDrones, maintenanceStatus, setDroneProfile, updateDroneState } from '../../domain/drone-fleet.js';
import { nowS } from '../../domain/context.js';
import { DRONE_PRESETS } from '../../engine/drone/presets.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { epochS, iso } from '../present.js';
import { IdParams } from '../schemas.js';
import { Drone, DroneListQuery, DroneProfileBody, DroneStateBody } from '../schemas/drones.js';
import { Type } from '@sinclair/typebox';

const SELF_DEVICE = ['operator', 'device'] as const;

export function presentDrone(u: DroneUnit, atS: number) {
  const m = maintenanceStatus(u.profile, atS);
  return {
    vehicleId: u.vehicle.id,
    hubId: u.vehicle.hubId,
    name: u.vehicle.name,
    status: u.vehicle.status,
    batteryPct: u.vehicle.batteryPct,
    available: droneAvailable(u, atS),
    presetId: u.profile.presetId,
    spec: u.spec as unknown as Record<string, unknown>,
    bay: u.bay,
    cycles: u.profile.cycles,
    maintenance: { due: m.due, reasons: m.reasons, cyclesUntilDue: m.cyclesUntilDue, everyCycles: u.profile.maintenanceEveryCycles, dueAt: m.dueAt === null ? null : iso(m.dueAt) },
    updatedAt: iso(u.profile.updatedAt),
  };
}

const isoToEpoch = (v: string | null | undefined) => (v === undefined ? undefined : v === null ? null : epochS(v));

export function registerDroneRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.get(
    '/v1/drone-presets',
    { schema: { tags: ['drones'], summary: 'Drone presets (engine specs) and their assumed cargo bays' } },
    async () => ({ data: DRONE_PRESETS.map((spec) => ({ id: spec.id, name: spec.name, spec, bay: PRESET_BAYS[spec.id] ?? null })) }),
  );

  app.get<{ Querystring: DroneListQuery }>(
    '/v1/drones',
    { schema: { tags: ['drones'], summary: 'Profiled drones and their state (filter: hubId)', querystring: DroneListQuery, response: { 200: Type.Object({ data: Type.Array(Drone) }) } } },
    async (req) => ({ data: (await listDrones(ctx, req.query.hubId)).map((u) => presentDrone(u, nowS(ctx))) }),
  );

  app.get<{ Params: IdParams }>(
    '/v1/drones/:id',
    { config: { roles: SELF_DEVICE }, schema: { tags: ['drones'], summary: 'One drone (a device: its own)', params: IdParams, response: { 200: Drone } } },
    async (req) => presentDrone(await getDrone(ctx, actorOf(req), req.params.id), nowS(ctx)),
  );

  app.put<{ Params: IdParams; Body: DroneProfileBody }>(
    '/v1/drones/:id/profile',
    { schema: { tags: ['drones'], summary: 'Set the drone profile of a vehicle of kind drone: a preset or a custom spec, and its bay', params: IdParams, body: DroneProfileBody, response: { 200: Drone } } },
    async (req) => {
      const b = req.body;
      const dueAt = isoToEpoch(b.maintenanceDueAt);
      const unit = await setDroneProfile(ctx, actorOf(req), req.params.id, {
        ...(b.presetId !== undefined ? { presetId: b.presetId } : {}),
        ...(b.spec !== undefined ? { spec: b.spec } : {}),
        ...(b.bay ? { bay: b.bay } : {}),
        ...(b.maintenanceEveryCycles !== undefined ? { maintenanceEveryCycles: b.maintenanceEveryCycles } : {}),
        ...(dueAt !== undefined ? { maintenanceDueAt: dueAt } : {}),
      });
      return presentDrone(unit, nowS(ctx));
    },
  );

  app.patch<{ Params: IdParams; Body: DroneStateBody }>(
    '/v1/drones/:id/state',
    {
      config: { roles: SELF_DEVICE },
      schema: { tags: ['drones'], summary: 'Report battery % and completed cycles (device or operator); maintenance and status (operator)', params: IdParams, body: DroneStateBody, response: { 200: Drone } },
    },
    async (req) => {
      const b = req.body;
      const dueAt = isoToEpoch(b.maintenanceDueAt);
      const unit = await updateDroneState(ctx, actorOf(req), req.params.id, {
        ...(b.batteryPct !== undefined ? { batteryPct: b.batteryPct } : {}),
        ...(b.completedCycles !== undefined ? { completedCycles: b.completedCycles } : {}),
        ...(b.maintenanceDone !== undefined ? { maintenanceDone: b.maintenanceDone } : {}),
        ...(dueAt !== undefined ? { maintenanceDueAt: dueAt } : {}),
        ...(b.status !== undefined ? { status: b.status } : {}),
      });
      return presentDrone(unit, nowS(ctx));
    },
  );
}

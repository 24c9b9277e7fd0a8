// Drones as fleet members: each vehicle of kind 'drone' has a profile (engine DroneSpec, cargo bay,
// wear counters); its battery % and status live on the vehicle row (tracking writes them).
// Operators manage profiles and state; a device key bound to a drone reads and reports its own.
import { DRONE_PRESETS, dronePreset } from '../engine/drone/presets.js';
import { type DroneSpec, validateDroneSpec } from '../engine/drone/spec.js';
import type { DroneProfileRow, Repos, VehicleRow } from '../store/index.js';
import { actorLabel, type Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { DomainError, notFound } from './errors.js';

export interface DroneBay {
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

/**
 * Cargo bay (largest box) per preset. ASSUMED figures: no vendor publishes an exact box size; they
 * are "shoebox"-class parcels consistent with the payloads (see src/engine/drone/presets.ts).
 */
export const PRESET_BAYS: Readonly<Record<string, DroneBay>> = {
  vty_wing_like: { lengthMm: 320, widthMm: 220, heightMm: 150 },
  vty_mk30_like: { lengthMm: 400, widthMm: 300, heightMm: 250 },
  vty_zipline_p2_like: { lengthMm: 400, widthMm: 300, heightMm: 300 },
  vty_mfstsp_101: { lengthMm: 300, widthMm: 200, heightMm: 150 },
  vty_mfstsp_104: { lengthMm: 300, widthMm: 200, heightMm: 150 },
};

export const DEFAULT_MAINTENANCE_EVERY_CYCLES = 200;

export interface MaintenanceStatus {
  due: boolean;
  /** Why: 'cycles' (sorties since the last inspection reached the interval) and/or 'date'. */
  reasons: Array<'cycles' | 'date'>;
  cyclesUntilDue: number;
  dueAt: number | null;
}

export function maintenanceStatus(p: Pick<DroneProfileRow, 'cycles' | 'cyclesAtLastMaintenance' | 'maintenanceEveryCycles' | 'maintenanceDueAt'>, atS: number): MaintenanceStatus {
  const cyclesUntilDue = p.cyclesAtLastMaintenance + p.maintenanceEveryCycles - p.cycles;
  const reasons: MaintenanceStatus['reasons'] = [];
  if (cyclesUntilDue <= 0) reasons.push('cycles');
  if (p.maintenanceDueAt !== null && p.maintenanceDueAt <= atS) reasons.push('date');
  return { due: reasons.length > 0, reasons, cyclesUntilDue: Math.max(0, cyclesUntilDue), dueAt: p.maintenanceDueAt };
}

export interface DroneUnit {
  vehicle: VehicleRow;
  profile: DroneProfileRow;
  spec: DroneSpec;
  bay: DroneBay;
}

const unitOf = (vehicle: VehicleRow, profile: DroneProfileRow): DroneUnit => ({
  vehicle,
  profile,
  spec: profile.spec as DroneSpec,
  bay: { lengthMm: profile.bayLengthMm, widthMm: profile.bayWidthMm, heightMm: profile.bayHeightMm },
});

/** May this drone take a sortie now: profiled, not in maintenance, offline or due for inspection. */
export function droneAvailable(u: DroneUnit, atS: number): boolean {
  return u.vehicle.status !== 'maintenance' && u.vehicle.status !== 'offline' && !maintenanceStatus(u.profile, atS).due;
}

/** Every profiled drone based at a hub (eligibility and quotes use the available ones). */
export async function dronesAtHub(repos: Repos, hubId: string): Promise<DroneUnit[]> {
  return dronesAmong(repos, await repos.vehicles.forHub(hubId));
}

/** The profiled drones among vehicle rows already read (one read of their profiles). */
export async function dronesAmong(repos: Repos, rows: readonly VehicleRow[]): Promise<DroneUnit[]> {
  const vehicles = rows.filter((v) => v.kind === 'drone');
  if (vehicles.length === 0) return [];
  const profiles = new Map((await repos.droneProfiles.forVehicles(vehicles.map((v) => v.id))).map((p) => [p.vehicleId, p]));
  return vehicles.filter((v) => profiles.has(v.id)).map((v) => unitOf(v, profiles.get(v.id)!));
}

/** Operators see every drone; a device key only the drone it is bound to (others read as not found). */
async function visibleDrone(repos: Repos, actor: Actor, vehicleId: string): Promise<DroneUnit> {
  const visible = actor.role === 'operator' || (actor.role === 'device' && actor.subjectId === vehicleId);
  const vehicle = visible ? await repos.vehicles.get(vehicleId) : undefined;
  const profile = vehicle?.kind === 'drone' ? await repos.droneProfiles.get(vehicleId) : undefined;
  if (!vehicle || !profile) throw notFound('drone', vehicleId);
  return unitOf(vehicle, profile);
}

export async function getDrone(ctx: DomainContext, actor: Actor, vehicleId: string): Promise<DroneUnit> {
  return visibleDrone(ctx.store.repos, actor, vehicleId);
}

export async function listDrones(ctx: DomainContext, hubId?: string): Promise<DroneUnit[]> {
  const repos = ctx.store.repos;
  const hubs = hubId ? [hubId] : (await repos.hubs.all()).map((h) => h.id);
  return (await Promise.all(hubs.map((h) => dronesAtHub(repos, h)))).flat();
}

export interface DroneProfileInput {
  /** A preset id (DRONE_PRESETS) or a full custom spec; exactly one. */
  presetId?: string;
  spec?: unknown;
  /** Required with a custom spec; defaults to the preset's bay. */
  bay?: DroneBay;
  maintenanceEveryCycles?: number;
  maintenanceDueAt?: number | null;
}

/** Creates or replaces the drone profile of a vehicle of kind 'drone' (operator). */
export async function setDroneProfile(ctx: DomainContext, actor: Actor, vehicleId: string, input: DroneProfileInput): Promise<DroneUnit> {
  if (actor.role !== 'operator') throw new DomainError('forbidden', 'only operators configure drones');
  if ((input.presetId === undefined) === (input.spec === undefined)) {
    throw new DomainError('validation_failed', 'give exactly one of presetId or spec', { path: '/presetId' });
  }
  let spec: DroneSpec;
  if (input.presetId !== undefined) {
    const preset = dronePreset(input.presetId);
    if (!preset) {
      throw new DomainError('validation_failed', `unknown drone preset ${input.presetId}; known: ${DRONE_PRESETS.map((p) => p.id).join(', ')}`, { path: '/presetId' });
    }
    spec = preset;
  } else {
    const problems = validateDroneSpec(input.spec);
    if (problems.length) {
      throw new DomainError('validation_failed', `invalid drone spec: ${problems[0]!.message}`, { path: `/spec/${problems[0]!.field.replace(/\./g, '/')}`, problems });
    }
    spec = input.spec as DroneSpec;
  }
  const bay = input.bay ?? (input.presetId ? PRESET_BAYS[input.presetId] : undefined);
  if (!bay) throw new DomainError('validation_failed', 'a custom drone spec needs its cargo bay (bay: lengthMm, widthMm, heightMm)', { path: '/bay' });
  const now = nowS(ctx);
  return ctx.store.transaction(async (tx) => {
    const vehicle = await tx.vehicles.get(vehicleId);
    if (!vehicle) throw notFound('vehicle', vehicleId);
    if (vehicle.kind !== 'drone') throw new DomainError('validation_failed', `vehicle ${vehicleId} is a ${vehicle.kind}, not a drone`, { path: '/vehicleId' });
    const existing = await tx.droneProfiles.getForUpdate(vehicleId);
    const row: DroneProfileRow = {
      vehicleId,
      presetId: input.presetId ?? null,
      spec,
      bayLengthMm: bay.lengthMm,
      bayWidthMm: bay.widthMm,
      bayHeightMm: bay.heightMm,
      cycles: existing?.cycles ?? 0,
      maintenanceEveryCycles: input.maintenanceEveryCycles ?? existing?.maintenanceEveryCycles ?? DEFAULT_MAINTENANCE_EVERY_CYCLES,
      cyclesAtLastMaintenance: existing?.cyclesAtLastMaintenance ?? 0,
      maintenanceDueAt: input.maintenanceDueAt !== undefined ? input.maintenanceDueAt : (existing?.maintenanceDueAt ?? null),
      updatedAt: now,
    };
    if (existing) await tx.droneProfiles.update(vehicleId, row);
    else await tx.droneProfiles.insert(row);
    await tx.audit.append({ id: ctx.ids.next('aud'), at: now, actor: actorLabel(actor), action: 'drone.profile_set', entityType: 'vehicle', entityId: vehicleId, details: { presetId: row.presetId, specId: spec.id } });
    return unitOf(vehicle, row);
  });
}

export interface DroneStatePatch {
  batteryPct?: number;
  /** Sorties completed since the last report (added to the cycle counter). */
  completedCycles?: number;
  /** Operators only: inspection done now (resets the cycle interval), next calendar due date, status. */
  maintenanceDone?: boolean;
  maintenanceDueAt?: number | null;
  status?: 'idle' | 'charging' | 'maintenance' | 'offline';
}

const OPERATOR_ONLY: Array<keyof DroneStatePatch> = ['maintenanceDone', 'maintenanceDueAt', 'status'];

/** Updates battery %, cycles and maintenance (operator: all; device: battery and cycles of its own drone). */
export async function updateDroneState(ctx: DomainContext, actor: Actor, vehicleId: string, patch: DroneStatePatch): Promise<DroneUnit> {
  if (actor.role === 'device') {
    const refused = OPERATOR_ONLY.filter((k) => patch[k] !== undefined);
    if (refused.length) throw new DomainError('forbidden', `a device may report batteryPct and completedCycles only, not ${refused.join(', ')}`, { fields: refused });
  }
  if (patch.batteryPct !== undefined && !(patch.batteryPct >= 0 && patch.batteryPct <= 100)) {
    throw new DomainError('validation_failed', `batteryPct must be within 0..100, got ${patch.batteryPct}`, { path: '/batteryPct' });
  }
  const now = nowS(ctx);
  return ctx.store.transaction(async (tx) => {
    const unit = await visibleDrone(tx, actor, vehicleId);
    const p = (await tx.droneProfiles.getForUpdate(vehicleId))!;
    const cycles = p.cycles + (patch.completedCycles ?? 0);
    const profilePatch: Partial<DroneProfileRow> = {
      cycles,
      cyclesAtLastMaintenance: patch.maintenanceDone ? cycles : p.cyclesAtLastMaintenance,
      maintenanceDueAt: patch.maintenanceDueAt !== undefined ? patch.maintenanceDueAt : p.maintenanceDueAt,
      updatedAt: now,
    };
    await tx.droneProfiles.update(vehicleId, profilePatch);
    const vehiclePatch: Partial<VehicleRow> = {};
    if (patch.batteryPct !== undefined) vehiclePatch.batteryPct = patch.batteryPct;
    if (patch.status !== undefined) vehiclePatch.status = patch.status;
    if (patch.maintenanceDone && unit.vehicle.status === 'maintenance' && patch.status === undefined) vehiclePatch.status = 'idle';
    if (Object.keys(vehiclePatch).length) await tx.fleet.updateVehicle(vehicleId, vehiclePatch);
    return unitOf({ ...unit.vehicle, ...vehiclePatch }, { ...p, ...profilePatch });
  });
}

// ---------------------------------------------------------------- hub capacities (pads, chargers)

/** Half-open time interval [from, until), epoch seconds. */
export interface Interval {
  from: number;
  until: number;
}

export interface CapacityCheck {
  ok: boolean;
  capacity: number;
  /** Most intervals overlapping at one instant. */
  peak: number;
  /** Maximal stretches where more than `capacity` intervals overlap, with how many. */
  conflicts: Array<Interval & { count: number }>;
}

/** Sweep over interval ends: where does the number of simultaneous uses exceed the capacity? */
export function checkCapacity(capacity: number, uses: readonly Interval[]): CapacityCheck {
  const events: Array<[number, number]> = [];
  for (const u of uses) if (u.until > u.from) events.push([u.from, 1], [u.until, -1]);
  // Ends before starts at the same instant: back-to-back uses of one pad do not overlap.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let count = 0;
  let peak = 0;
  const conflicts: CapacityCheck['conflicts'] = [];
  for (let i = 0; i < events.length; i++) {
    const [t, d] = events[i]!;
    count += d;
    peak = Math.max(peak, count);
    const next = events[i + 1]?.[0];
    if (count > capacity && next !== undefined && next > t) {
      const last = conflicts[conflicts.length - 1];
      if (last && last.until === t && last.count === count) last.until = next;
      else conflicts.push({ from: t, until: next, count });
    }
  }
  return { ok: conflicts.length === 0, capacity, peak, conflicts };
}

/** Planned launches at a hub (each holds a pad for `durationS` from `at`) against its pad count. */
export function checkPadCapacity(pads: number, launches: ReadonlyArray<{ at: number; durationS: number }>): CapacityCheck {
  return checkCapacity(pads, launches.map((l) => ({ from: l.at, until: l.at + l.durationS })));
}

/** Planned charging sessions against the hub's chargers. */
export function checkChargerCapacity(chargers: number, charges: readonly Interval[]): CapacityCheck {
  return checkCapacity(chargers, charges);
}

/** Earliest start ≥ `earliest` of a use lasting `durationS` that keeps within `capacity`; null when capacity is 0. */
export function earliestSlot(capacity: number, busy: readonly Interval[], earliest: number, durationS: number): number | null {
  if (capacity <= 0) return null;
  // Candidate starts: the earliest time and every end of a busy interval after it.
  const candidates = [earliest, ...busy.map((b) => b.until).filter((t) => t > earliest)].sort((a, b) => a - b);
  for (const t of candidates) {
    const until = t + Math.max(durationS, 1);
    // Only the busy time inside the probe matters (busy intervals may over-book each other elsewhere).
    const inside = busy.filter((b) => b.until > t && b.from < until).map((b) => ({ from: Math.max(b.from, t), until: Math.min(b.until, until) }));
    if (checkCapacity(capacity - 1, inside).ok) return t;
  }
  return null; // unreachable: after the last end nothing is busy
}

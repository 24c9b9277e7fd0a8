// Battery packs and hub chargers as dispatch capacities. After a sortie its pack goes on one of the
// hub's chargers for a session sized by the energy the sortie drew; a drone launches only with a
// charged pack (it rotates `batteryPacks` of them); at no instant do more sessions run at a hub
// than it has chargers. A pack that lands while every charger is busy waits for the first one free.
// Dispatch (dispatch-drones.ts) delays launches on these rules as it does for launch pads, and
// createFlightPlansForRoute stores each sortie's session and refuses a route that breaks them.
import type { DroneSpec } from '../engine/drone/spec.js';
import { earliestSlot, type Interval } from './drone-fleet.js';

/** Packs per drone when its spec does not say: one flying, one charging (battery-swap drones). */
export const DEFAULT_BATTERY_PACKS = 2;

/**
 * Power one hub charger delivers to a pack, W. ASSUMED: one charger per 230 V / 10 A single-phase
 * circuit (2.3 kW) less conversion losses. No delivery operator publishes its charger power.
 */
export const CHARGER_POWER_W = 2000;

/**
 * Charge rate cap, pack capacities per hour: 1 C, the standard charge current of Li-ion / LiPo
 * cell datasheets (a full pack in about an hour); a 240 Wh pack thus charges at 240 W, not 2 kW.
 */
export const MAX_CHARGE_C_RATE = 1;

/** Carrying the pack to a charger, plugging, unplugging and a cell check, s. ASSUMED. */
export const CHARGE_HANDLING_S = 60;

/**
 * A hub with no charger (chargers = 0) flies only the packs that start charged: a flown pack is
 * recharged elsewhere and counts as back 24 h after its launch (so each drone flies at most its
 * pack count of sorties a day there).
 */
export const SPENT_PACK_HOLD_S = 86_400;

/** Deferral / delay codes of the charger rules. */
export const NO_CHARGED_BATTERY = 'no_charged_battery';
export const NO_CHARGER_FREE = 'no_charger_free';

export const batteryPacksOf = (spec: Pick<DroneSpec, 'batteryPacks'>): number => spec.batteryPacks ?? DEFAULT_BATTERY_PACKS;

/** Power a pack of this drone charges at, W: the charger's, capped at MAX_CHARGE_C_RATE. */
export const chargePowerW = (spec: Pick<DroneSpec, 'batteryWh'>): number => Math.min(CHARGER_POWER_W, MAX_CHARGE_C_RATE * spec.batteryWh);

/** Length of the charge session after a sortie that drew `energyWh`, s (handling included). */
export function chargeSeconds(spec: Pick<DroneSpec, 'batteryWh'>, energyWh: number): number {
  return CHARGE_HANDLING_S + Math.ceil((Math.max(0, energyWh) / chargePowerW(spec)) * 3600);
}

/**
 * The session of a pack back from its sortie (recovered) at `readyAt`: the earliest start at which
 * a charger is free for the whole session, given the sessions already planned; null at a hub
 * without chargers.
 */
export function chargeSession(chargers: number, sessions: readonly Interval[], readyAt: number, durationS: number): Interval | null {
  if (chargers <= 0) return null;
  // Only sessions still running at readyAt or later can be in the way.
  const from = earliestSlot(chargers, sessions.filter((s) => s.until > readyAt), readyAt, durationS);
  return from === null ? null : { from, until: from + durationS };
}

/** A sortie's pack away from the drone's charged stock, and whether it had to wait for a charger. */
export interface PackUse extends Interval {
  waited: boolean;
}

/**
 * When a sortie's pack is not available for a launch: from its launch handling until charged. A
 * plan without a session flew from a hub without chargers (back SPENT_PACK_HOLD_S after launch) or
 * was stored before sessions existed (counted until its recovery, as then).
 */
export function packUse(p: { padFrom: number; padUntil: number; chargeFrom: number | null; chargeUntil: number | null }, chargers: number): PackUse {
  if (p.chargeFrom !== null && p.chargeUntil !== null) return { from: p.padFrom, until: p.chargeUntil, waited: p.chargeFrom > p.padUntil };
  return { from: p.padFrom, until: chargers > 0 ? p.padUntil : p.padFrom + SPENT_PACK_HOLD_S, waited: false };
}

/** Why a launch must wait for a pack: a pack in the way waited for a charger, or packs are simply all in use. */
export function packWaitCode(uses: readonly PackUse[], at: number): string {
  return uses.some((u) => u.waited && u.from <= at && u.until > at) ? NO_CHARGER_FREE : NO_CHARGED_BATTERY;
}

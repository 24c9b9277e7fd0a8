// Battery packs and hub chargers (src/domain/drone-charging.ts): session length from the sortie's
// energy, the first charger free for the whole session, when a pack is back in the charged stock.
import { describe, expect, it } from 'vitest';
import {
  CHARGE_HANDLING_S, CHARGER_POWER_W, chargeSeconds, chargeSession, DEFAULT_BATTERY_PACKS, batteryPacksOf, NO_CHARGED_BATTERY, NO_CHARGER_FREE, packUse, packWaitCode, SPENT_PACK_HOLD_S,
} from '../../src/domain/drone-charging.js';
import { checkChargerCapacity } from '../../src/domain/drone-fleet.js';
import { MK30_LIKE, WING_LIKE } from '../../src/engine/drone/presets.js';

describe('charge sessions', () => {
  it('last the energy drawn over the charge power (1 C capped by the charger), plus handling', () => {
    // Wing-like 240 Wh pack: 1 C = 240 W < the charger; 60 Wh → 15 min.
    expect(chargeSeconds(WING_LIKE, 60)).toBe(CHARGE_HANDLING_S + 900);
    // MK30-like 2600 Wh pack: the charger's 2 kW is the cap; 1000 Wh → 30 min.
    expect(CHARGER_POWER_W).toBe(2000);
    expect(chargeSeconds(MK30_LIKE, 1000)).toBe(CHARGE_HANDLING_S + 1800);
    expect(chargeSeconds(WING_LIKE, 0)).toBe(CHARGE_HANDLING_S);
  });

  it('start on the first charger free for the whole session, never over-booking the chargers', () => {
    const busy = [{ from: 100, until: 500 }, { from: 200, until: 300 }];
    // Two chargers: at 150 one is free until 200, when the second session starts: wait for 300.
    expect(chargeSession(2, busy, 150, 100)).toEqual({ from: 300, until: 400 });
    expect(chargeSession(2, busy, 150, 40)).toEqual({ from: 150, until: 190 });
    expect(chargeSession(3, busy, 150, 1000)).toEqual({ from: 150, until: 1150 });
    expect(chargeSession(0, busy, 150, 100)).toBeNull();
    const all = [...busy];
    for (const ready of [120, 130, 140, 150, 160]) all.push(chargeSession(2, all, ready, 250)!);
    expect(checkChargerCapacity(2, all).ok).toBe(true);
  });
});

describe('packs', () => {
  it('a drone has two packs unless its spec says otherwise', () => {
    expect(batteryPacksOf(WING_LIKE)).toBe(DEFAULT_BATTERY_PACKS);
    expect(DEFAULT_BATTERY_PACKS).toBe(2);
    expect(batteryPacksOf({ batteryPacks: 5 })).toBe(5);
  });

  it('a pack is away from launch until charged; without a charger until a day after launch', () => {
    expect(packUse({ padFrom: 0, padUntil: 600, chargeFrom: 600, chargeUntil: 1500 }, 2)).toEqual({ from: 0, until: 1500, waited: false });
    expect(packUse({ padFrom: 0, padUntil: 600, chargeFrom: 900, chargeUntil: 1800 }, 2)).toEqual({ from: 0, until: 1800, waited: true });
    expect(packUse({ padFrom: 0, padUntil: 600, chargeFrom: null, chargeUntil: null }, 0)).toEqual({ from: 0, until: SPENT_PACK_HOLD_S, waited: false });
    // Stored before sessions existed, at a hub with chargers: counted until recovery, as then.
    expect(packUse({ padFrom: 0, padUntil: 600, chargeFrom: null, chargeUntil: null }, 2)).toEqual({ from: 0, until: 600, waited: false });
  });

  it('names the wait: a pack waiting for a charger, or simply every pack in use', () => {
    const charging = { from: 0, until: 1500, waited: false };
    const queued = { from: 100, until: 2000, waited: true };
    expect(packWaitCode([charging], 700)).toBe(NO_CHARGED_BATTERY);
    expect(packWaitCode([charging, queued], 700)).toBe(NO_CHARGER_FREE);
    expect(packWaitCode([charging, queued], 2500)).toBe(NO_CHARGED_BATTERY);
  });
});

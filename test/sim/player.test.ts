// The fleet player's physics and the simulation's small parts, checked against hand-computed
// figures and against the engine's drone model called directly.
import { describe, expect, it } from 'vitest';
import { energyModelFor } from '../../src/engine/drone/energy.js';
import { sortieLegs } from '../../src/engine/drone/legs.js';
import { WING_LIKE } from '../../src/engine/drone/presets.js';
import { sortieEnergy } from '../../src/engine/drone/sortie.js';
import { haversineMetres } from '../../src/geo/haversine.js';
import { EventQueue, SimClock } from '../../src/sim/clock.js';
import { computeKpis, percentile } from '../../src/sim/kpi.js';
import { alongPath, droneTrip, vanTrip, type Drop } from '../../src/sim/player.js';
import { poisson, rng } from '../../src/sim/random.js';
import { emptyRecord } from '../../src/sim/recorder.js';
import type { ScenarioOperations } from '../../src/sim/scenario/schema.js';
import type { SimVehicle } from '../../src/sim/world.js';

const OPS: ScenarioOperations = {
  dispatchIntervalS: 600, solveIterations: 50, maxOrdersPerRound: 50, roadFactor: 1.5, vanServiceS: 60,
  nobodyHomeRate: 0, windAbortRatePerMps: 0, maxAttempts: 2, telemetryIntervalS: 60,
};
const HUB: [number, number] = [0, 0];
const van = { kind: 'van', hubId: 'hub_1', row: { speedMps: 10, batteryWh: 50_000, rangeM: 100_000 } } as unknown as SimVehicle;
const drone = { kind: 'drone', hubId: 'hub_1', row: { speedMps: WING_LIKE.cruiseAirspeedMps, batteryWh: 240 }, drone: { spec: WING_LIKE, model: energyModelFor(WING_LIKE) } } as unknown as SimVehicle;
const drop = (lon: number, lat: number, windowStart = 0, weightG = 1000): Drop => ({ stopId: `stp_${lon}_${lat}`, orderId: `ord_${lon}_${lat}`, lon, lat, weightG, windowStart });

describe('van trips', () => {
  it('drive straight lines × the road factor at the van speed, serving each stop', () => {
    const a = drop(0.01, 0);
    const b = drop(0.01, 0.01);
    const t = vanTrip(van, HUB, [a, b], 1000, OPS);
    const d1 = haversineMetres(0, 0, 0.01, 0) * 1.5;
    const d2 = haversineMetres(0.01, 0, 0.01, 0.01) * 1.5;
    const d3 = haversineMetres(0.01, 0.01, 0, 0) * 1.5;
    expect(t.stops[0]!.at).toBe(Math.round(1000 + d1 / 10));
    expect(t.stops[1]!.at).toBe(Math.round(1000 + d1 / 10 + 60 + d2 / 10));
    expect(t.returnAt).toBe(Math.round(1000 + (d1 + d2 + d3) / 10 + 120));
    expect(t.distanceM).toBeCloseTo(d1 + d2 + d3, 6);
    expect(t.energyWh).toBeCloseTo(((d1 + d2 + d3) * 50_000) / 100_000, 6);
    expect(t.path).toEqual([HUB, [0.01, 0], [0.01, 0.01], HUB]);
  });

  it('wait at the door until the promised window opens', () => {
    const late = drop(0.01, 0, 5000);
    const t = vanTrip(van, HUB, [late], 1000, OPS);
    expect(t.stops[0]!.at).toBe(5000);
  });
});

describe('drone sorties', () => {
  it('take their time and energy from the engine drone model in the wind of the hour', () => {
    const d = drop(0.03, 0.02, 0, 1500);
    const weather = { windMps: 6, fromDeg: 270 };
    const t = droneTrip(drone, HUB, [d], 1000, weather, undefined)!;
    const legs = sortieLegs(HUB, [[0.03, 0.02]]);
    if (!legs.ok) throw new Error('legs');
    const ref = sortieEnergy(WING_LIKE, energyModelFor(WING_LIKE), { legs: legs.legs, parcelsKg: [1.5] }, { fromDeg: 270, speedMps: 6 });
    expect(t.energyWh).toBeCloseTo(ref.energyWh, 9);
    expect(t.returnAt).toBe(Math.round(1000 + ref.durationS));
    expect(t.readyAt).toBe(t.returnAt + WING_LIKE.turnaroundSeconds);
    const out = ref.perLeg[0]!;
    expect(t.stops[0]!.at).toBe(Math.round(1000 + WING_LIKE.launchSeconds + out.climbS + out.cruiseS + out.descentS + out.hoverS));
  });

  it('cannot be flown over the payload limit or beyond the battery', () => {
    expect(droneTrip(drone, HUB, [drop(0.01, 0, 0, 5000)], 0, { windMps: 0, fromDeg: 0 }, undefined)).toBeNull();
    expect(droneTrip(drone, HUB, [drop(0.3, 0, 0, 2000)], 0, { windMps: 0, fromDeg: 0 }, undefined)).toBeNull(); // ~33 km out
  });
});

describe('small parts', () => {
  it('positions along a path are interpolated by distance', () => {
    expect(alongPath([[0, 0], [0.02, 0]], 0.5)).toEqual([0.01, 0]);
    const p = alongPath([[0, 0], [0.01, 0], [0.01, 0.03]], 0.25); // first quarter of 4 equal-ish units: end of the first leg
    expect(p[0]).toBeCloseTo(0.01, 3);
    expect(p[1]).toBeCloseTo(0, 3);
  });

  it('the event queue runs by time, then in scheduling order; the clock never goes back', () => {
    const q = new EventQueue<string>();
    q.push(20, 'c');
    q.push(10, 'a');
    q.push(20, 'd');
    q.push(10, 'b');
    expect([q.pop()!.event, q.pop()!.event, q.pop()!.event, q.pop()!.event]).toEqual(['a', 'b', 'c', 'd']);
    const clock = new SimClock(100);
    clock.advanceTo(160);
    expect(clock.nowMs()).toBe(160_000);
    expect(() => clock.advanceTo(150)).toThrow(/cannot go back/);
  });

  it('Poisson arrivals have the requested mean (small and large means)', () => {
    for (const lambda of [3, 200]) {
      const r = rng(5, 1);
      let sum = 0;
      for (let i = 0; i < 4000; i++) sum += poisson(r, lambda);
      expect(sum / 4000).toBeGreaterThan(lambda * 0.95);
      expect(sum / 4000).toBeLessThan(lambda * 1.05);
    }
  });

  it('KPIs: percentiles, on time, and the database cross-check catches a disagreement', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    const r = emptyRecord(0, 3600);
    r.placed.push({ orderId: 'o1', hubId: 'h', at: 0, windowEnd: 1000 }, { orderId: 'o2', hubId: 'h', at: 0, windowEnd: 1000 }, { orderId: 'o3', hubId: 'h', at: 0, windowEnd: 1000 });
    r.deliveries.push({ orderId: 'o1', hubId: 'h', mode: 'van', placedAt: 0, windowStart: 0, windowEnd: 1000, deliveredAt: 600 });
    r.deliveries.push({ orderId: 'o2', hubId: 'h', mode: 'drone', placedAt: 0, windowStart: 0, windowEnd: 1000, deliveredAt: 1200 });
    r.finalStates = { delivered: 2, ready: 1 };
    const k = computeKpis(r);
    expect([k.delivered, k.failed, k.open, k.onTimePct]).toEqual([2, 0, 1, 50]);
    expect(k.promiseToDeliveryMin).toEqual({ mean: 15, p95: 20 });
    expect(k.consistent).toBe(true);
    r.finalStates = { delivered: 1, ready: 2 };
    expect(computeKpis(r).consistent).toBe(false);
  });
});

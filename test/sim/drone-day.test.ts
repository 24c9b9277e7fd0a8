// The generated drone day (src/sim/scenario/drone-day.ts) and a small smoke of the bench driver
// (bench/lib/drone-day.ts, bench/lib/round-timing.ts): the figures are the simulation's record and
// the database's orders, so a broken count or a refused plan shows here.
import { beforeAll, describe, expect, it } from 'vitest';
import { DRONE_DAY_DEFAULTS, droneDayScenario, dronePayloadLimitG, OVER_PAYLOAD_SHARE, vansOnly } from '../../src/sim/scenario/drone-day.js';
import { scenarioCustomers } from '../../src/sim/scenario/customers.js';
import { parseScenario } from '../../src/sim/scenario/validate.js';
import { cumulativeWeights, pickWeighted, rng } from '../../src/sim/random.js';
import { DRONE_DROPOFFS } from '../../src/domain/drone-eligibility.js';
import { pointInZone } from '../../src/geo/zones.js';
import { dayProblems, type DayFigures, runDay } from '../../bench/lib/drone-day.js';
import { timeDispatchRounds } from '../../bench/lib/round-timing.js';

const vehicles = (s: ReturnType<typeof droneDayScenario>, kind: 'van' | 'drone') => s.fleet.filter((f) => f.kind === kind).reduce((n, f) => n + f.count * (f.hub ? 1 : s.hubs.length), 0);

describe('the drone day generator', () => {
  const s = droneDayScenario();

  it('is a valid scenario: 3 hubs, 10 vans, 40 drones, the expected orders, 6 m/s wind', () => {
    const { zones } = parseScenario(s, 'drone-day');
    expect(s.hubs).toHaveLength(3);
    expect(vehicles(s, 'van')).toBe(10);
    expect(vehicles(s, 'drone')).toBe(40);
    expect(s.demand.ordersPerDay).toBe(DRONE_DAY_DEFAULTS.orders);
    expect(s.weather).toEqual([expect.objectContaining({ windMps: 6 })]);
    expect(zones).toHaveLength(1);
    expect(zones[0]!.kind).toBe('airport');
  });

  it('puts 5 % of the order mix above the drones’ payload limit, the rest within it', () => {
    const limit = dronePayloadLimitG(s);
    expect(limit).toBe(2267); // 5 lb, Wing-like and MK30-like alike
    const total = s.products.reduce((a, p) => a + p.demandWeight, 0);
    const over = s.products.filter((p) => p.weightG > limit).reduce((a, p) => a + p.demandWeight, 0);
    expect(over / total).toBeCloseTo(OVER_PAYLOAD_SHARE, 9);
    // Mostly light parcels: 70 % of the mix at 1 kg or less.
    expect(s.products.filter((p) => p.weightG <= 1000).reduce((a, p) => a + p.demandWeight, 0) / total).toBeCloseTo(0.7, 9);
    // Drawn as the simulation draws a day's 2,000 parcels (one line per order), about 5 % are over.
    const r = rng(3, 1);
    const cum = cumulativeWeights(s.products.map((p) => p.demandWeight));
    let n = 0;
    for (let i = 0; i < 2000; i++) if (s.products[pickWeighted(r, cum)]!.weightG > limit) n++;
    expect(n / 2000).toBeGreaterThan(0.035);
    expect(n / 2000).toBeLessThan(0.065);
  });

  it('gives some addresses no drone-capable drop site, and puts some inside the airport zone', () => {
    const customers = scenarioCustomers(s);
    const [zone] = parseScenario(s).zones;
    const capable = customers.filter((c) => DRONE_DROPOFFS.includes(c.address.dropoff)).length;
    expect(capable).toBeGreaterThan(customers.length * 0.25);
    expect(capable).toBeLessThan(customers.length * 0.75);
    const inZone = customers.filter((c) => pointInZone(zone!, [c.address.lon, c.address.lat], { altitudeM: 0 })).length;
    expect(inZone).toBeGreaterThan(0);
    expect(inZone).toBeLessThan(customers.length * 0.1);
  });

  it('is a function of its seed', () => {
    expect(droneDayScenario({ seed: 5, orders: 300 })).toEqual(droneDayScenario({ seed: 5, orders: 300 }));
    expect(droneDayScenario({ seed: 6 }).products).not.toEqual(droneDayScenario({ seed: 5 }).products);
    expect(scenarioCustomers(droneDayScenario({ seed: 6 }))).not.toEqual(scenarioCustomers(droneDayScenario({ seed: 5 })));
  });

  it('vans only: the same city and demand without a drone', () => {
    const v = vansOnly(s);
    expect(vehicles(v, 'drone')).toBe(0);
    expect(v.fleet.filter((f) => f.kind === 'drone')).toEqual([]);
    expect(vehicles(v, 'van')).toBe(10);
    const { fleet: _a, name: _b, ...rest } = v;
    const { fleet: _c, name: _d, ...same } = s;
    expect(rest).toEqual(same);
    expect(s.fleet.some((f) => f.kind === 'drone')).toBe(true); // the original is left alone
  });

  it('refuses a bad seed or order count', () => {
    expect(() => droneDayScenario({ seed: 1.5 })).toThrow(/seed/);
    expect(() => droneDayScenario({ orders: -1 })).toThrow(/orders/);
  });
});

describe('the bench driver on a small drone day (~60 orders until 15:00)', () => {
  let mixed: DayFigures;
  let vans: DayFigures;
  beforeAll(async () => {
    // Half of the day's demand arrives by 15:00; parcels still out then count as unserved.
    const s = droneDayScenario({ seed: 2, orders: 120 });
    mixed = await runDay(s, { seed: 2, hours: 15 });
    vans = await runDay(vansOnly(s), { seed: 2, hours: 15, payloadLimitG: dronePayloadLimitG(s) });
  }, 600_000);

  it('delivers by drone and by van, and vans only by van', () => {
    expect(mixed.kpis.placed).toBeGreaterThan(30);
    expect(mixed.byMode.drone.delivered).toBeGreaterThan(0);
    expect(mixed.byMode.van.delivered).toBeGreaterThan(0);
    expect(mixed.orderedBy.drone).toBeGreaterThan(0);
    expect(mixed.kpis.byMode.drone.energyPerParcelWh).toBeGreaterThan(0);
    expect(vans.byMode.drone.delivered).toBe(0);
    expect(vans.orderedBy.drone).toBe(0);
    expect(vans.byMode.van.delivered).toBeGreaterThan(0);
  });

  it('keeps its counts consistent: delivered + given up + unserved = placed, the database agreeing', () => {
    for (const d of [mixed, vans]) {
      expect(dayProblems(d)).toEqual([]);
      expect(d.kpis.delivered + d.kpis.failed + d.unserved).toBe(d.kpis.placed);
      expect(d.orderedBy.van + d.orderedBy.drone).toBe(d.kpis.placed);
      expect(d.byMode.van.delivered + d.byMode.drone.delivered).toBe(d.kpis.delivered);
      expect(d.onTime).toBeLessThanOrEqual(d.kpis.delivered);
      expect(d.onTime).toBe(Math.round((d.kpis.onTimePct! * d.kpis.delivered) / 100));
      expect(d.checkerRefusals).toBe(0);
    }
  });

  it('plays the same demand in both variants', () => {
    const arriving = (d: DayFigures) => d.kpis.placed + Object.values(d.kpis.refused).reduce((a, b) => a + b, 0);
    expect(arriving(vans)).toBe(arriving(mixed));
    expect(vans.overPayload).toBe(mixed.overPayload);
  });

  it('a dispatch problem the bench reads as unsound is reported', () => {
    expect(dayProblems({ ...mixed, checkerRefusals: 1 })[0]).toMatch(/failed the independent checker/);
    expect(dayProblems({ ...mixed, unserved: mixed.unserved + 1 })[0]).toMatch(/≠ placed/);
  });
});

describe('round-planning timing (small)', () => {
  it('plans the same ready pool each round, every order assigned or left unassigned', async () => {
    const t = await timeDispatchRounds(droneDayScenario({ seed: 3, orders: 400 }), { orders: 20, rounds: 2, seed: 3, iterations: 30 });
    expect(t.rounds).toHaveLength(2);
    for (const r of t.rounds) {
      expect(r.assigned + r.unassigned).toBe(20);
      expect(r.assigned).toBeGreaterThan(0);
      expect(r.totalMs).toBeGreaterThanOrEqual(r.solveMs);
    }
    expect(t.droneOrders).toBeGreaterThan(0);
    expect(t.vehicles).toEqual({ vans: 4, drones: 14 });
  }, 300_000);
});

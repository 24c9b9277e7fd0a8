// Customers of a scenario: the listed ones as written, then `generate.count` more spread over the
// density zones (share by weight, uniform over each disc), drawn from the scenario's own seed so a
// city is the same whatever seed the run uses.
import { cumulativeWeights, pickWeighted, rng } from '../random.js';
import type { Scenario, ScenarioCustomer } from './schema.js';

const DROPOFFS = ['door', 'door', 'door', 'drone_pad', 'yard', 'yard', 'smart_locker', 'smart_garage', 'smart_door'] as const;

export function scenarioCustomers(s: Scenario): ScenarioCustomer[] {
  const out = [...s.customers.list];
  const gen = s.customers.generate;
  if (!gen || gen.count === 0) return out;
  const r = rng(s.seed, 7);
  const cum = cumulativeWeights(gen.zones.map((z) => z.weight));
  for (let i = 0; i < gen.count; i++) {
    const z = gen.zones[pickWeighted(r, cum)]!;
    const d = z.radiusM * Math.sqrt(r());
    const theta = r() * 2 * Math.PI;
    const lat = z.lat + (d * Math.sin(theta)) / 111_320;
    const lon = z.lon + (d * Math.cos(theta)) / (111_320 * Math.cos((z.lat * Math.PI) / 180));
    const dropoff = DROPOFFS[Math.floor(r() * DROPOFFS.length)]!;
    out.push({
      name: `Customer ${i + 1} (${z.name})`,
      email: `customer${i + 1}@sim.example`,
      phone: null,
      notifyChannel: 'email',
      address: {
        line1: `${1 + Math.floor(r() * 200)} ${z.name}`,
        city: z.name,
        postcode: '00000',
        country: s.customers.list[0]?.address.country ?? 'FR',
        lon: Math.round(lon * 1e6) / 1e6,
        lat: Math.round(lat * 1e6) / 1e6,
        dropoff,
        dropoffNotes: null,
      },
    });
  }
  return out;
}

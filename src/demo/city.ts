// The demo city: Lyon, three hubs, a realistic small catalogue, suppliers with reorder rules,
// fifty customers with addresses and drop-off preferences, vans and drones at every hub.
// Pure data built from a seed; seed.ts writes it.
import { seededRandom } from './random.js';

export const DEMO_CENTRE = { lon: 4.8357, lat: 45.764 };

export const DEMO_HUBS = [
  { key: 'part-dieu', name: 'Lyon Part-Dieu', lon: 4.859, lat: 45.7605, serviceRadiusM: 6000, launchPads: 4, chargers: 8 },
  { key: 'confluence', name: 'Lyon Confluence', lon: 4.8183, lat: 45.741, serviceRadiusM: 6000, launchPads: 3, chargers: 6 },
  { key: 'vaise', name: 'Lyon Vaise', lon: 4.805, lat: 45.774, serviceRadiusM: 6000, launchPads: 2, chargers: 4 },
] as const;

/** Open 07:00–22:00 UTC every day. */
export const DEMO_OPENING_HOURS = [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, open: 7 * 3600, close: 22 * 3600 }));

type Category = 'grocery' | 'pharmacy' | 'electronics' | 'home';

// [sku, name, weight g, length mm, width mm, height mm, price in cents, category]
export const DEMO_PRODUCTS: ReadonlyArray<[string, string, number, number, number, number, number, Category]> = [
  ['COF-1KG', 'Espresso beans 1 kg', 1040, 250, 150, 80, 1890, 'grocery'],
  ['TEA-100', 'Green tea 100 g', 130, 120, 80, 60, 650, 'grocery'],
  ['OIL-750', 'Olive oil 750 ml', 1250, 300, 70, 70, 1290, 'grocery'],
  ['CHOC-100', 'Dark chocolate 100 g', 110, 160, 80, 10, 249, 'grocery'],
  ['WINE-75', 'Côtes du Rhône 75 cl', 1350, 330, 80, 80, 1490, 'grocery'],
  ['WATER-6', 'Sparkling water 6 × 1 l', 6300, 260, 170, 320, 399, 'grocery'],
  ['DOG-2KG', 'Dog food 2 kg', 2050, 350, 220, 80, 1699, 'grocery'],
  ['BABY-800', 'Infant formula 800 g', 1050, 200, 130, 130, 2590, 'pharmacy'],
  ['PARA-16', 'Paracetamol 500 mg × 16', 25, 90, 50, 20, 250, 'pharmacy'],
  ['SPF-200', 'Sunscreen SPF 50, 200 ml', 240, 170, 60, 40, 1450, 'pharmacy'],
  ['THERM-1', 'Digital thermometer', 50, 150, 40, 20, 899, 'pharmacy'],
  ['USBC-30', 'USB-C charger 30 W', 120, 100, 80, 40, 2490, 'electronics'],
  ['AA-8', 'AA batteries × 8', 200, 120, 90, 20, 799, 'electronics'],
  ['BUDS-1', 'Wireless earbuds', 180, 110, 110, 50, 7999, 'electronics'],
  ['INK-XL', 'Printer ink cartridge XL', 90, 130, 100, 40, 2999, 'electronics'],
  ['LED-E27', 'LED bulb E27 806 lm', 60, 120, 65, 65, 499, 'electronics'],
  ['KET-17', 'Electric kettle 1.7 l', 1400, 250, 200, 230, 3999, 'home'],
  ['DET-2L', 'Laundry detergent 2 l', 2200, 250, 150, 100, 1199, 'home'],
  ['TUBE-700', 'Bike inner tube 700c', 150, 120, 100, 40, 699, 'home'],
  ['BOOK-PB', 'Paperback novel', 350, 200, 130, 25, 1200, 'home'],
  ['YOGA-1', 'Yoga mat', 1100, 610, 150, 150, 2499, 'home'],
];

/** Opening stock of product `i` at hub `h`: varied but deterministic, 40..200 units, the odd item missing at one hub. */
export const demoStockUnits = (i: number, h: number): number => ((i + h) % 7 === 6 ? 0 : 40 + ((i * 37 + h * 53) % 161));

export const DEMO_SUPPLIERS: ReadonlyArray<{ key: string; name: string; email: string; leadTimeS: number; categories: Category[] }> = [
  { key: 'rhone-foods', name: 'Rhône Fine Foods', email: 'orders@rhone-foods.example', leadTimeS: 86_400, categories: ['grocery'] },
  { key: 'pharma-sud', name: 'Pharma Sud Distribution', email: 'b2b@pharma-sud.example', leadTimeS: 43_200, categories: ['pharmacy'] },
  { key: 'maison-tech', name: 'Maison & Tech Grossiste', email: 'edi@maison-tech.example', leadTimeS: 172_800, categories: ['electronics', 'home'] },
];

const DROPOFFS = ['door', 'door', 'door', 'drone_pad', 'yard', 'smart_locker', 'smart_garage', 'smart_door'] as const;
const CHANNELS = ['email', 'email', 'sms', 'push'] as const;
const FIRST = ['Camille', 'Louis', 'Léa', 'Hugo', 'Chloé', 'Gabriel', 'Manon', 'Jules', 'Inès', 'Arthur', 'Jade', 'Raphaël', 'Emma', 'Nathan', 'Zoé', 'Lucas', 'Sarah', 'Adam', 'Lina', 'Noah'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'Roux'];
const STREETS = ['rue de la République', 'rue Victor Hugo', 'cours Lafayette', 'avenue Jean Jaurès', 'rue Garibaldi', 'quai Saint-Antoine', 'rue Paul Bert', 'boulevard des Belges', 'rue Duguesclin', 'avenue Berthelot'];

export interface DemoCustomer {
  name: string;
  email: string | null;
  phone: string | null;
  notifyChannel: string;
  address: { line1: string; city: string; postcode: string; country: string; lon: number; lat: number; dropoff: string; dropoffNotes: string | null };
}

/** Fifty customers within ~4.5 km of the centre (inside at least one hub's area). */
export function demoCustomers(seed = 42, count = 50): DemoCustomer[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: DemoCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const r = 4500 * Math.sqrt(rnd());
    const theta = rnd() * 2 * Math.PI;
    const lat = DEMO_CENTRE.lat + (r * Math.sin(theta)) / 111_320;
    const lon = DEMO_CENTRE.lon + (r * Math.cos(theta)) / (111_320 * Math.cos((DEMO_CENTRE.lat * Math.PI) / 180));
    const channel = pick(CHANNELS);
    const dropoff = pick(DROPOFFS);
    out.push({
      name: `${first} ${last}`,
      email: `${first}.${last}${i}@example.org`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''),
      phone: channel === 'sms' ? `+3366${String(1_000_000 + Math.floor(rnd() * 8_999_999)).slice(0, 7)}` : null,
      notifyChannel: channel,
      address: {
        line1: `${1 + Math.floor(rnd() * 150)} ${pick(STREETS)}`,
        city: 'Lyon',
        postcode: `6900${1 + Math.floor(rnd() * 9)}`,
        country: 'FR',
        lon: Math.round(lon * 1e6) / 1e6,
        lat: Math.round(lat * 1e6) / 1e6,
        dropoff,
        dropoffNotes: dropoff === 'door' ? null : dropoff === 'drone_pad' ? 'Pad on the roof terrace' : null,
      },
    });
  }
  return out;
}

/** Per hub: two electric vans and three drones. */
export const DEMO_FLEET = [
  { kind: 'van', name: 'Van', count: 2, capacityG: 600_000, capacityVolumeCm3: 3_000_000, maxParcels: 80, speedMps: 8, rangeM: 150_000, batteryWh: 50_000, costPerKmMinor: 25, costPerHourMinor: 2500 },
  { kind: 'drone', name: 'Drone', count: 3, capacityG: 2_500, capacityVolumeCm3: 10_000, maxParcels: 1, speedMps: 15, rangeM: 15_000, batteryWh: 600, costPerKmMinor: 3, costPerHourMinor: 0 },
] as const;

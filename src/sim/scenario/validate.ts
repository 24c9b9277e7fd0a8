// Reading a scenario: JSON text → schema check (TypeBox) → semantic checks → a typed Scenario
// plus its parsed no-fly zones. Every problem names the field (JSON pointer) it is about, so a
// user can fix the file without reading code. Nothing is written anywhere before this passes.
import { readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { dronePreset, DRONE_PRESETS } from '../../engine/drone/presets.js';
import { parseNoFlyZones, pointInZone, type NoFlyZone } from '../../geo/zones.js';
import { DroneFleet, Scenario, VanFleet, type Scenario as ScenarioT } from './schema.js';

export interface ScenarioProblem {
  /** JSON pointer to the field, e.g. `/hubs/0/lon` ('' = the whole document). */
  path: string;
  message: string;
}

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly problems: ScenarioProblem[],
  ) {
    super(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map((p) => `  ${p.path || '/'}: ${p.message}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

export interface LoadedScenario {
  scenario: ScenarioT;
  zones: NoFlyZone[];
}

// The top level is checked with the fleet left open, then each fleet entry against the schema its
// `kind` names: a union error ("expected one of…") would not say which field is wrong.
const TopLevel = Type.Composite([Type.Omit(Scenario, ['fleet']), Type.Object({ fleet: Type.Array(Type.Unknown(), { minItems: 1 }) })], {
  additionalProperties: false,
});

export function loadScenarioFile(file: string): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ScenarioError(file, [{ path: '', message: `not valid JSON: ${(err as Error).message}` }]);
  }
  return parseScenario(json, file);
}

export function parseScenario(input: unknown, source = 'scenario'): LoadedScenario {
  const problems: ScenarioProblem[] = [];
  for (const e of Value.Errors(TopLevel, input)) {
    if (problems.some((p) => p.path === e.path)) continue; // first complaint per field is enough
    problems.push({ path: e.path, message: describe(e.message, e.value) });
    if (problems.length >= 20) break;
  }
  if (problems.length) throw new ScenarioError(source, problems);
  const doc = input as Record<string, unknown>;
  (doc.fleet as unknown[]).forEach((f, i) => {
    const kind = (f as { kind?: unknown } | null)?.kind;
    const schema = kind === 'van' ? VanFleet : kind === 'drone' ? DroneFleet : null;
    if (!schema) {
      problems.push({ path: `/fleet/${i}/kind`, message: `must be "van" or "drone", got ${JSON.stringify(kind)}` });
      return;
    }
    for (const e of Value.Errors(schema, f)) {
      const path = `/fleet/${i}${e.path}`;
      if (!problems.some((p) => p.path === path)) problems.push({ path, message: describe(e.message, e.value) });
    }
  });
  if (problems.length) throw new ScenarioError(source, problems);
  const scenario = input as ScenarioT;
  const zones = semanticChecks(scenario, problems);
  if (problems.length) throw new ScenarioError(source, problems);
  return { scenario, zones };
}

function describe(message: string, value: unknown): string {
  const shown = value === undefined ? 'nothing' : JSON.stringify(value);
  return `${message.toLowerCase()} (got ${shown && shown.length > 60 ? `${shown.slice(0, 57)}…` : shown})`;
}

function seconds(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 3600 + m! * 60;
}

/** Checks the schema cannot express; returns the parsed zones. */
function semanticChecks(s: ScenarioT, problems: ScenarioProblem[]): NoFlyZone[] {
  const add = (path: string, message: string) => problems.push({ path, message });
  if (Number.isNaN(Date.parse(s.start))) add('/start', `is not a valid date: ${s.start}`);
  if (!(s.bounds.west < s.bounds.east)) add('/bounds/east', 'must be east of bounds.west');
  if (!(s.bounds.south < s.bounds.north)) add('/bounds/north', 'must be north of bounds.south');
  const inBounds = (lon: number, lat: number) => lon >= s.bounds.west && lon <= s.bounds.east && lat >= s.bounds.south && lat <= s.bounds.north;

  const hubKeys = new Set<string>();
  s.hubs.forEach((h, i) => {
    if (hubKeys.has(h.key)) add(`/hubs/${i}/key`, `duplicate hub key "${h.key}"`);
    hubKeys.add(h.key);
    if (!inBounds(h.lon, h.lat)) add(`/hubs/${i}`, `hub "${h.key}" lies outside the city bounds`);
    if (!(seconds(h.opens) < seconds(h.closes))) add(`/hubs/${i}/closes`, `must be after opens (${h.opens})`);
  });

  const skus = new Set<string>();
  const categories = new Set<string>();
  s.products.forEach((p, i) => {
    if (skus.has(p.sku)) add(`/products/${i}/sku`, `duplicate SKU "${p.sku}"`);
    skus.add(p.sku);
    categories.add(p.category);
  });
  if (new Set(s.products.map((p) => p.currency)).size > 1) add('/products', 'all products must share one currency');
  if (!s.products.some((p) => p.demandWeight > 0)) add('/products', 'at least one product needs a demandWeight above 0');
  s.stock.overrides.forEach((o, i) => {
    if (!hubKeys.has(o.hub)) add(`/stock/overrides/${i}/hub`, `unknown hub "${o.hub}"`);
    if (!skus.has(o.sku)) add(`/stock/overrides/${i}/sku`, `unknown SKU "${o.sku}"`);
  });

  s.customers.list.forEach((c, i) => {
    if (!inBounds(c.address.lon, c.address.lat)) add(`/customers/list/${i}/address`, `address of "${c.name}" lies outside the city bounds`);
  });
  const generated = s.customers.generate?.count ?? 0;
  if (s.customers.list.length + generated === 0) add('/customers', 'the city needs at least one customer (list or generate.count)');
  s.customers.generate?.zones.forEach((z, i) => {
    if (!inBounds(z.lon, z.lat)) add(`/customers/generate/zones/${i}`, `zone "${z.name}" is centred outside the city bounds`);
  });

  const d = s.demand;
  if (d.linesPerOrder.max < d.linesPerOrder.min) add('/demand/linesPerOrder/max', 'must be at least linesPerOrder.min');
  if (d.ordersPerDay > 0 && !d.byHour.some((w) => w > 0)) add('/demand/byHour', 'at least one hour needs a weight above 0');

  s.fleet.forEach((f, i) => {
    if (f.hub !== undefined && !hubKeys.has(f.hub)) add(`/fleet/${i}/hub`, `unknown hub "${f.hub}"`);
    if (f.kind === 'drone' && !dronePreset(f.preset)) {
      add(`/fleet/${i}/preset`, `unknown drone preset "${f.preset}" (known: ${DRONE_PRESETS.map((p) => p.id).join(', ')})`);
    }
  });
  if (!s.fleet.some((f) => f.count > 0)) add('/fleet', 'the fleet has no vehicle (every count is 0)');

  const supplierKeys = new Set<string>();
  const supplied = new Set<string>();
  s.suppliers.forEach((sup, i) => {
    if (supplierKeys.has(sup.key)) add(`/suppliers/${i}/key`, `duplicate supplier key "${sup.key}"`);
    supplierKeys.add(sup.key);
    sup.categories.forEach((c, j) => {
      if (!categories.has(c)) add(`/suppliers/${i}/categories/${j}`, `no product has category "${c}"`);
      if (supplied.has(c)) add(`/suppliers/${i}/categories/${j}`, `category "${c}" already has a supplier`);
      supplied.add(c);
    });
  });

  if (s.weather.length !== 1 && s.weather.length !== 24) add('/weather', `needs 1 entry (constant) or 24 (one per hour), got ${s.weather.length}`);

  if (s.noFlyZones === undefined || s.noFlyZones === null) return [];
  const parsed = parseNoFlyZones(s.noFlyZones);
  if (!parsed.ok) {
    for (const p of parsed.problems) add(`/noFlyZones${p.path ? `/${p.path.replace(/\[(\d+)\]/g, '/$1').replace(/\./g, '/')}` : ''}`, p.message);
    return [];
  }
  parsed.zones.forEach((z) => {
    s.hubs.forEach((h, i) => {
      if (zonesContainHub(z, h.lon, h.lat)) add(`/hubs/${i}`, `hub "${h.key}" lies inside no-fly zone "${z.name}": its drones could never take off`);
    });
  });
  return parsed.zones;
}

/** A zone reaching the ground at the hub (buffer included) would ground every drone there. */
function zonesContainHub(z: NoFlyZone, lon: number, lat: number): boolean {
  return pointInZone(z, [lon, lat], { altitudeM: 0 });
}

/** Seconds after midnight UTC for an `HH:MM` field. */
export const hourFieldSeconds = seconds;

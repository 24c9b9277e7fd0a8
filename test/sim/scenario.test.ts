// Scenario files: the shipped ones are valid, the demo one is the demo city's own data, and every
// kind of mistake is reported with the JSON pointer of the field at fault.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoScenario } from '../../src/sim/scenario/demo.js';
import { scenarioCustomers } from '../../src/sim/scenario/customers.js';
import { Scenario } from '../../src/sim/scenario/schema.js';
import { loadScenarioFile, parseScenario, ScenarioError, type ScenarioProblem } from '../../src/sim/scenario/validate.js';
import { DEMO_HUBS, DEMO_PRODUCTS, demoCustomers, demoStockUnits } from '../../src/demo/city.js';
import { DEMO_DRONE_PRESETS, DEMO_WEATHER } from '../../src/demo/drones.js';

const small = () => JSON.parse(readFileSync('scenarios/small-town.json', 'utf8')) as Record<string, any>;

function problemsOf(input: unknown): ScenarioProblem[] {
  try {
    parseScenario(input, 'test');
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).problems;
  }
  throw new Error('expected the scenario to be refused');
}

describe('shipped scenarios', () => {
  it('small-town and lyon-demo load with their no-fly zones', () => {
    expect(loadScenarioFile('scenarios/small-town.json').zones.map((z) => z.id)).toEqual(['clinic']);
    expect(loadScenarioFile('scenarios/lyon-demo.json').zones.map((z) => z.id)).toEqual(['lyon-bron-airport']);
  });

  it('lyon-demo.json is exactly the demo scenario built from src/demo (one source)', () => {
    const { $schema, ...file } = JSON.parse(readFileSync('scenarios/lyon-demo.json', 'utf8'));
    expect($schema).toBe('./scenario.schema.json');
    expect(file).toEqual(JSON.parse(JSON.stringify(demoScenario())));
  });

  it('the demo scenario carries the demo seed data: hubs, catalogue, stock rule, customers', () => {
    const s = demoScenario();
    expect(s.hubs.map((h) => h.name)).toEqual(DEMO_HUBS.map((h) => h.name));
    expect(s.products.map((p) => p.sku)).toEqual(DEMO_PRODUCTS.map((p) => p[0]));
    const units = new Map(s.stock.overrides.map((o) => [`${o.hub}|${o.sku}`, o.units]));
    expect(units.get(`${DEMO_HUBS[1]!.key}|${DEMO_PRODUCTS[5]![0]}`)).toBe(demoStockUnits(5, 1));
    expect(s.customers.list.map((c) => c.email)).toEqual(demoCustomers().map((c) => c.email));
    expect(s.fleet.filter((f) => f.kind === 'drone').map((f) => (f.kind === 'drone' ? f.preset : ''))).toEqual([...DEMO_DRONE_PRESETS]);
    expect(s.weather[18]).toMatchObject({ precipitation: true, fromDeg: DEMO_WEATHER.hours!['18']!.windFromDeg });
    expect(s.weather[3]!.windMps).toBe(DEMO_WEATHER.default!.windMps);
  });

  it('scenario.schema.json is the TypeBox schema (editors validate with the same rules)', () => {
    const file = JSON.parse(readFileSync('scenarios/scenario.schema.json', 'utf8'));
    expect(file.properties).toEqual(JSON.parse(JSON.stringify(Scenario.properties)));
  });

  it('generated customers are spread over the density zones from the scenario seed', () => {
    const loaded = loadScenarioFile('scenarios/small-town.json').scenario;
    const a = scenarioCustomers(loaded);
    expect(a).toHaveLength(60);
    expect(scenarioCustomers(loaded)).toEqual(a);
    const oldTown = a.filter((c) => c.address.city === 'Old Town').length;
    const hillside = a.filter((c) => c.address.city === 'Hillside').length;
    expect(oldTown).toBeGreaterThan(hillside); // weight 3 against 1
  });
});

describe('scenario errors name the field', () => {
  it('a wrong type', () => {
    const s = small();
    s.hubs[0].lon = 'east';
    expect(problemsOf(s)).toEqual([expect.objectContaining({ path: '/hubs/0/lon', message: expect.stringMatching(/number.*"east"/) })]);
  });

  it('a missing field and an unknown one', () => {
    const s = small();
    delete s.demand.windowLengthS;
    s.demand.windowLenght = 7200;
    const paths = problemsOf(s).map((p) => p.path);
    expect(paths).toContain('/demand/windowLengthS');
    expect(paths).toContain('/demand/windowLenght');
  });

  it('a fleet entry is checked against the schema of its kind', () => {
    const s = small();
    s.fleet[1].preset = 42;
    expect(problemsOf(s)).toEqual([expect.objectContaining({ path: '/fleet/1/preset' })]);
    s.fleet[1].kind = 'bike';
    expect(problemsOf(s)).toEqual([expect.objectContaining({ path: '/fleet/1/kind', message: expect.stringContaining('"van" or "drone"') })]);
  });

  it('references between sections: unknown hub, unknown preset, unknown SKU, duplicate key', () => {
    const s = small();
    s.fleet[0].hub = 'east';
    s.fleet[1].preset = 'vty_unknown';
    s.stock.overrides[0].sku = 'NOPE';
    s.hubs[1].key = 'north';
    const got = problemsOf(s);
    expect(got.map((p) => p.path).sort()).toEqual(['/fleet/0/hub', '/fleet/1/preset', '/hubs/1/key', '/stock/overrides/0/hub', '/stock/overrides/0/sku'].sort());
    expect(got.find((p) => p.path === '/fleet/1/preset')!.message).toContain('vty_wing_like');
  });

  it('the demand curve needs 24 hours, weather 1 or 24 entries', () => {
    const s = small();
    s.demand.byHour = s.demand.byHour.slice(0, 23);
    expect(problemsOf(s)).toEqual([expect.objectContaining({ path: '/demand/byHour' })]);
    const t = small();
    t.weather = [t.weather[0], t.weather[0]];
    expect(problemsOf(t)).toEqual([expect.objectContaining({ path: '/weather', message: expect.stringContaining('got 2') })]);
  });

  it('geometry: a hub outside the bounds, closing before opening, a hub inside a no-fly zone', () => {
    const s = small();
    s.hubs[0].lat = 46;
    s.hubs[1].closes = '06:00';
    expect(problemsOf(s).map((p) => p.path).sort()).toEqual(['/hubs/0', '/hubs/1/closes']);
    const t = small();
    t.noFlyZones.features[0].geometry.coordinates = [[[5.72, 45.16], [5.74, 45.16], [5.74, 45.18], [5.72, 45.18], [5.72, 45.16]]];
    expect(problemsOf(t)).toEqual([expect.objectContaining({ path: '/hubs/1', message: expect.stringContaining('no-fly zone') })]);
  });

  it('no-fly zone GeoJSON problems are mapped under /noFlyZones', () => {
    const s = small();
    s.noFlyZones.features[0].geometry.coordinates[0].pop();
    expect(problemsOf(s)[0]!.path).toBe('/noFlyZones/features/0/geometry/coordinates/0');
  });

  it('files: unreadable and not JSON', () => {
    expect(() => loadScenarioFile('scenarios/none.json')).toThrow(/cannot read the file: ENOENT/);
    const dir = mkdtempSync(join(tmpdir(), 'relais-scenario-'));
    writeFileSync(join(dir, 'broken.json'), '{ "name": ');
    expect(() => loadScenarioFile(join(dir, 'broken.json'))).toThrow(/broken\.json: 1 problem\n {2}\/: not valid JSON/);
  });
});

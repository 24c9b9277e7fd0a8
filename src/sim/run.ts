// Runs a scenario end to end: open the database (PGlite in memory by default), apply migrations,
// give the domain the simulated clock and a seeded id generator, seed the city, play the hours,
// and hand back the record. Used by `relais simulate`, the benchmark and the tests.
import { createDomainContext, type DomainContext } from '../domain/context.js';
import { IdGenerator } from '../domain/ids.js';
import { openStore, type Store, type StoreTarget } from '../store/index.js';
import { SimClock } from './clock.js';
import { seededBytes } from './random.js';
import type { SimRecord } from './recorder.js';
import type { LoadedScenario } from './scenario/validate.js';
import { seedScenario } from './seed.js';
import { Simulation, type SimulationOptions } from './simulation.js';
import { loadWorld } from './world.js';

export interface RunOptions extends Partial<Omit<SimulationOptions, 'seed' | 'hours'>> {
  seed?: number;
  hours: number;
  /** Default: PGlite in memory. */
  store?: StoreTarget;
}

export interface RunResult {
  record: SimRecord;
  wallMs: number;
}

export async function runScenario(loaded: LoadedScenario, opts: RunOptions): Promise<RunResult> {
  const store = await openStore(opts.store ?? { kind: 'pglite', dataDir: null });
  try {
    await store.migrate();
    return await runOnStore(store, loaded, opts, true);
  } finally {
    await store.close();
  }
}

/** Simulation context: the domain reads the simulated clock; ids come from the seed so they replay too. */
export function simContext(store: Store, clock: SimClock, seed: number): DomainContext {
  return createDomainContext(store, { nowMs: clock.nowMs, ids: new IdGenerator(clock.nowMs, seededBytes(seed)) });
}

export async function runOnStore(store: Store, loaded: LoadedScenario, opts: RunOptions, seed: boolean): Promise<RunResult> {
  const { scenario, zones } = loaded;
  const runSeed = opts.seed ?? scenario.seed;
  const clock = new SimClock(Math.floor(Date.parse(scenario.start) / 1000));
  const ctx = simContext(store, clock, runSeed);
  if (seed) await seedScenario(ctx, scenario, zones);
  const world = await loadWorld(ctx, scenario);
  const t0 = performance.now();
  const sim = new Simulation(ctx, clock, scenario, zones, world, { speed: Infinity, ...opts, seed: runSeed, hours: opts.hours });
  const record = await sim.run();
  return { record, wallMs: performance.now() - t0 };
}

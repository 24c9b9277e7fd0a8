// The live demo: `relais serve --demo --simulate [speed]` plays the demo city while the API runs.
// The whole server then lives in simulated time: one clock, advancing `speed` times faster than
// the wall clock, is both the domain context's clock (API, dispatch, tracking) and the
// simulation's, so the console, the tracking page and the simulated fleet agree on "now".
// The day starts now, or at the next hub opening when every hub is closed, so something moves at once.
import type { Actor } from '../domain/actor.js';
import type { DomainContext } from '../domain/context.js';
import { listOrders } from '../domain/orders.js';
import { SimClock } from './clock.js';
import { demoScenario } from './scenario/demo.js';
import { parseScenario, type LoadedScenario, hourFieldSeconds } from './scenario/validate.js';
import { Simulation } from './simulation.js';
import { loadWorld } from './world.js';

export const DEFAULT_LIVE_SPEED = 60;

export interface LiveSimulation {
  clock: SimClock;
  speed: number;
  startS: number;
  /** Starts playing on the server's context (returns at once; the run continues in the background). */
  start(ctx: DomainContext, log: (line: string) => void): void;
  stop(): Promise<void>;
}

/** Parses the `--simulate [speed]` value: true (flag alone) → the default speed. */
export function liveSpeed(value: string | boolean): number {
  if (value === true) return DEFAULT_LIVE_SPEED;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 100_000) throw new Error(`--simulate speed must be a number of simulated seconds per second in (0, 100000], got ${JSON.stringify(value)}`);
  return n;
}

export function prepareLiveSimulation(speed: number, nowMs: number = Date.now(), loaded: LoadedScenario = parseScenario(demoScenario(), 'demo scenario')): LiveSimulation {
  const now = Math.floor(nowMs / 1000);
  const opens = Math.min(...loaded.scenario.hubs.map((h) => hourFieldSeconds(h.opens)));
  const closes = Math.max(...loaded.scenario.hubs.map((h) => hourFieldSeconds(h.closes)));
  const midnight = Math.floor(now / 86_400) * 86_400;
  const tod = now - midnight;
  const startS = tod >= opens && tod < closes ? now : tod < opens ? midnight + opens : midnight + 86_400 + opens;
  const clock = new SimClock(startS);
  let stopRequested = false;
  let running: Promise<void> | null = null;
  return {
    clock,
    speed,
    startS,
    start(ctx, log) {
      running = (async () => {
        const world = await loadWorld(ctx, loaded.scenario);
        let lastHour = -1;
        const sim = new Simulation(ctx, clock, loaded.scenario, loaded.zones, world, {
          seed: loaded.scenario.seed,
          hours: 24 * 365,
          speed,
          stopRequested: () => stopRequested,
          onProgress: (s, r) => {
            const hour = Math.floor(s / 3600);
            if (hour === lastHour) return;
            lastHour = hour;
            log(`simulation: ${new Date(s * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC (simulated), orders placed ${r.placed.length}, delivered ${r.deliveries.length}`);
          },
        });
        await sim.adopt(await openOrders(ctx));
        await sim.run();
      })().catch((err: Error) => log(`simulation stopped: ${err.stack ?? err.message}`));
    },
    async stop() {
      stopRequested = true;
      await running;
    },
  };
}

const OPERATOR: Actor = { role: 'operator', subjectId: null, via: 'sim' };

/** Orders a previous run left open (a restart of the demo on its data folder). */
async function openOrders(ctx: DomainContext) {
  const out = [];
  for (const state of ['allocated', 'ready'] as const) {
    let afterId: string | undefined;
    do {
      const page = await listOrders(ctx, OPERATOR, { state }, afterId ? { limit: 500, afterId } : { limit: 500 });
      out.push(...page.items);
      afterId = page.nextAfterId;
    } while (afterId);
  }
  return out;
}

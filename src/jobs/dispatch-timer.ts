// Periodic dispatch: every `intervalS` seconds, one round per hub through the jobs runner.
// Off unless started (tests never start it; `relais serve` does when RELAIS_DISPATCH_INTERVAL_S > 0).
import type { DomainContext } from '../domain/context.js';
import type { Jobs } from './types.js';

export interface DispatchTimer {
  stop(): Promise<void>;
  /** Runs one sweep now (what each tick does); resolves when every hub's round settled. */
  sweep(): Promise<Array<{ hubId: string; ok: boolean; error?: string }>>;
}

export function startDispatchTimer(
  ctx: DomainContext,
  jobs: Jobs,
  intervalS: number,
  log: (msg: string) => void = (m) => console.warn(m),
): DispatchTimer {
  if (!(intervalS > 0)) throw new Error(`dispatch interval must be positive, got ${intervalS}`);
  let running: Promise<unknown> | null = null;
  const sweep = async () => {
    const hubs = await ctx.store.repos.hubs.all();
    return Promise.all(
      hubs.map(async (h) => {
        try {
          await jobs.dispatch(h.id);
          return { hubId: h.id, ok: true };
        } catch (err) {
          const error = (err as Error).message;
          log(`dispatch round for ${h.id} failed: ${error}`);
          return { hubId: h.id, ok: false, error };
        }
      }),
    );
  };
  const timer = setInterval(() => {
    if (running) return; // the previous sweep is still going: skip this tick
    running = sweep().finally(() => {
      running = null;
    });
  }, intervalS * 1000);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      if (running) await running.catch(() => {});
    },
  };
}

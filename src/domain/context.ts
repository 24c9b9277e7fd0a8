// Everything a domain operation needs, injected once: storage, clock, ids, pluggable strategies.
import type { Store } from '../store/index.js';
import { nearestHubStrategy, type AllocationStrategy } from './allocation.js';
import { IdGenerator } from './ids.js';

export interface DomainContext {
  store: Store;
  /** Epoch milliseconds; tests inject a fixed or stepping clock. */
  nowMs: () => number;
  ids: IdGenerator;
  allocation: AllocationStrategy;
}

export function createDomainContext(store: Store, opts: Partial<Omit<DomainContext, 'store'>> = {}): DomainContext {
  const nowMs = opts.nowMs ?? Date.now;
  return {
    store,
    nowMs,
    ids: opts.ids ?? new IdGenerator(nowMs),
    allocation: opts.allocation ?? nearestHubStrategy,
  };
}

/** Epoch seconds (the unit stored everywhere). */
export const nowS = (ctx: DomainContext): number => Math.floor(ctx.nowMs() / 1000);

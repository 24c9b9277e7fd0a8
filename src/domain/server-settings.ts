// Server-wide values generated once and kept in the database (settings table), so every process
// and every restart sees the same one: e.g. the tracking-link secret when none is configured.
import type { DomainContext } from './context.js';
import { nowS } from './context.js';

/**
 * The stored value of `key`, created with `make()` on first use. Safe against a concurrent creator
 * (another process starting at the same moment): the insert never overwrites, and both read back
 * the value that won.
 */
export async function ensureSetting(ctx: DomainContext, key: string, make: () => string): Promise<string> {
  const existing = await ctx.store.repos.settings.get(key);
  if (existing !== undefined) return existing;
  return ctx.store.transaction((tx) => tx.settings.putIfAbsent(key, make(), nowS(ctx)));
}

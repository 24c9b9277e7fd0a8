// Idempotency records. `claim` inserts the key first inside the caller's transaction: a concurrent
// request with the same key blocks on the primary key until the first transaction ends, then sees
// its stored answer (or, if the first rolled back, claims the key itself).
import { and, eq } from 'drizzle-orm';
import { idempotencyKeys } from '../schema.js';
import type { Executor } from '../types.js';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

export type ClaimResult = { claimed: true } | { claimed: false; existing: IdempotencyRow };

export class IdempotencyRepo {
  constructor(private readonly ex: Executor) {}

  async claim(scope: string, key: string, requestHash: string, now: number): Promise<ClaimResult> {
    const inserted = await this.ex
      .insert(idempotencyKeys)
      .values({ scope, key, requestHash, createdAt: now })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key });
    if (inserted.length === 1) return { claimed: true };
    const [existing] = await this.ex
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    return { claimed: false, existing: existing! };
  }

  async complete(scope: string, key: string, statusCode: number, response: unknown): Promise<void> {
    await this.ex
      .update(idempotencyKeys)
      .set({ statusCode, response })
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  }
}

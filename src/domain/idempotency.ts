// Idempotent operations: the first request with a key runs and its answer is stored in the
// same transaction as its effect; a repeat with the same key and the same request returns that
// answer; the same key with a different request is refused. Failed attempts (errors) store
// nothing, so they can be retried with the same key. Reusable for any creating operation.
import { createHash } from 'node:crypto';
import type { Repos } from '../store/index.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { DomainError } from './errors.js';

export interface IdempotentAnswer<B = unknown> {
  status: number;
  body: B;
  /** True when this answer is a stored one returned for a repeated request. */
  replayed: boolean;
}

/** A stable hash of a request: JSON with object keys sorted, so key order does not matter. */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(stableJson(request)).digest('hex');
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

export interface IdempotencyKeyRef {
  /** Operation and caller, e.g. `orders.create:key_…`. */
  scope: string;
  key: string;
  hash: string;
}

/**
 * Runs `work` in one transaction guarded by `ref` (or without a guard when ref is undefined).
 * `work` returns the answer to store; it runs at most once per (scope, key) among successful attempts.
 */
export async function runIdempotent<B>(
  ctx: DomainContext,
  ref: IdempotencyKeyRef | undefined,
  work: (tx: Repos) => Promise<{ status: number; body: B }>,
): Promise<IdempotentAnswer<B>> {
  return ctx.store.transaction(async (tx) => {
    if (ref) {
      const claim = await tx.idempotency.claim(ref.scope, ref.key, ref.hash, nowS(ctx));
      if (!claim.claimed) {
        if (claim.existing.requestHash !== ref.hash) {
          throw new DomainError('idempotency_key_reused', 'this Idempotency-Key was already used with a different request body', {
            key: ref.key,
          });
        }
        // The claim row is written with its answer in one transaction, so a visible row always has one.
        return { status: claim.existing.statusCode!, body: claim.existing.response as B, replayed: true };
      }
    }
    const answer = await work(tx);
    if (ref) await tx.idempotency.complete(ref.scope, ref.key, answer.status, answer.body);
    return { ...answer, replayed: false };
  });
}

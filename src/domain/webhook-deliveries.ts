// Delivery bookkeeping for the webhook dispatcher (src/api/webhook-dispatcher.ts does the HTTP):
// claiming due deliveries under a lease, and recording each attempt's outcome with the retry
// schedule. A delivery is `pending` until a 2xx (`delivered`) or its last failed attempt (`dead`).
import type { WebhookDeliveryRow, WebhookSubscriptionRow } from '../store/index.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { retryDelayS, type BackoffPolicy } from './webhook-backoff.js';

export interface DueDelivery {
  delivery: WebhookDeliveryRow;
  subscription: WebhookSubscriptionRow;
}

/** Leases up to `limit` due deliveries; deliveries of deactivated subscriptions are closed as dead without a call. */
export async function claimDueDeliveries(ctx: DomainContext, leaseS: number, limit: number): Promise<DueDelivery[]> {
  return ctx.store.transaction(async (tx) => {
    const now = nowS(ctx);
    const due = await tx.webhooks.claimDue(now, now + leaseS, limit);
    const out: DueDelivery[] = [];
    const subs = new Map<string, WebhookSubscriptionRow | undefined>();
    for (const d of due) {
      if (!subs.has(d.subscriptionId)) subs.set(d.subscriptionId, await tx.webhooks.getSubscription(d.subscriptionId));
      const s = subs.get(d.subscriptionId);
      if (!s?.active) {
        await tx.webhooks.drop(d.id);
        continue;
      }
      out.push({ delivery: d, subscription: s });
    }
    return out;
  });
}

export interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export const isSuccess = (o: AttemptOutcome): boolean => o.statusCode !== null && o.statusCode >= 200 && o.statusCode < 300;

/**
 * Stores attempt number delivery.attempts + 1 and moves the delivery on: delivered on 2xx, dead
 * after the last allowed failure, else pending with the next attempt after the backoff delay.
 * Returns the new state, or null when someone else already recorded this attempt.
 */
export async function recordAttempt(
  ctx: DomainContext,
  delivery: WebhookDeliveryRow,
  outcome: AttemptOutcome,
  policy: BackoffPolicy,
  random: () => number,
): Promise<'delivered' | 'pending' | 'dead' | null> {
  return ctx.store.transaction(async (tx) => {
    const now = nowS(ctx);
    const attemptNo = delivery.attempts + 1;
    const ok = isSuccess(outcome);
    const state = ok ? 'delivered' : attemptNo >= policy.maxAttempts ? 'dead' : 'pending';
    const next = state === 'pending' ? now + retryDelayS(policy, attemptNo, random) : now;
    if (!(await tx.webhooks.settle(delivery.id, attemptNo, { state, nextAttemptAt: next, deliveredAt: ok ? now : null }))) return null;
    await tx.webhooks.insertAttempt({
      id: ctx.ids.next('wha'),
      deliveryId: delivery.id,
      attemptNo,
      at: now,
      statusCode: outcome.statusCode,
      error: outcome.error,
      durationMs: outcome.durationMs,
    });
    return state;
  });
}

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
 * Stores attempt number delivery.attempts + 1 of each delivery and moves it on: delivered on 2xx,
 * dead after the last allowed failure, else pending with the next attempt after the backoff
 * delay. One transaction for the whole group (the dispatcher group-commits outcomes that finish
 * together). Per delivery: the new state, or null when someone else already recorded this attempt.
 */
export async function recordAttempts(
  ctx: DomainContext,
  items: Array<{ delivery: WebhookDeliveryRow; outcome: AttemptOutcome }>,
  policy: BackoffPolicy,
  random: () => number,
): Promise<Array<'delivered' | 'pending' | 'dead' | null>> {
  return ctx.store.transaction(async (tx) => {
    const now = nowS(ctx);
    const planned = items.map(({ delivery, outcome }) => {
      const attemptNo = delivery.attempts + 1;
      const ok = isSuccess(outcome);
      const state = ok ? ('delivered' as const) : attemptNo >= policy.maxAttempts ? ('dead' as const) : ('pending' as const);
      const nextAttemptAt = state === 'pending' ? now + retryDelayS(policy, attemptNo, random) : now;
      return { id: delivery.id, attemptNo, state, nextAttemptAt, deliveredAt: ok ? now : null, outcome };
    });
    const settled = await tx.webhooks.settleMany(planned);
    await tx.webhooks.insertAttempts(
      planned
        .filter((p) => settled.has(p.id))
        .map((p) => ({ id: ctx.ids.next('wha'), deliveryId: p.id, attemptNo: p.attemptNo, at: now, statusCode: p.outcome.statusCode, error: p.outcome.error, durationMs: p.outcome.durationMs })),
    );
    return planned.map((p) => (settled.has(p.id) ? p.state : null));
  });
}

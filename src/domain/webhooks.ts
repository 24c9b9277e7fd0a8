// Webhook subscriptions: operators subscribe to anything; a customer or a supplier may
// subscribe too and receives only the events that name it (see event-visibility.ts).
// The secret is generated here and shown once, at creation.
import { randomBytes } from 'node:crypto';
import type { Page, PageRequest, WebhookAttemptRow, WebhookDeliveryRow, WebhookSubscriptionRow } from '../store/index.js';
import type { Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { DomainError, notFound } from './errors.js';
import { EVENT_PATTERN } from './event-visibility.js';
import { assertOutboundUrlAllowed } from './url-guard.js';

export interface SubscriptionInput {
  url: string;
  eventTypes: string[];
}

/** Scheme and target (no private, loopback or link-local hosts): see url-guard.ts. */
const checkUrl = (url: string): Promise<void> => assertOutboundUrlAllowed(url, { path: '/url', field: 'url' });

function checkEventTypes(types: string[]): void {
  const bad = types.filter((t) => !EVENT_PATTERN.test(t));
  if (bad.length || types.length === 0) {
    throw new DomainError('validation_failed', `invalid event type pattern(s): ${bad.join(', ') || '(none given)'}; use e.g. order.delivered, order.* or *`, {
      in: 'body',
      path: '/eventTypes',
      invalid: bad,
    });
  }
}

const owns = (actor: Actor, s: WebhookSubscriptionRow) =>
  actor.role === 'operator' || (s.ownerRole === actor.role && s.ownerSubjectId === actor.subjectId);

export async function createSubscription(ctx: DomainContext, actor: Actor, input: SubscriptionInput): Promise<WebhookSubscriptionRow> {
  await checkUrl(input.url);
  checkEventTypes(input.eventTypes);
  const row: WebhookSubscriptionRow = {
    id: ctx.ids.next('whs'),
    ownerRole: actor.role,
    ownerSubjectId: actor.role === 'operator' ? null : actor.subjectId,
    url: input.url,
    secret: `whsec_${randomBytes(24).toString('base64url')}`,
    eventTypes: [...new Set(input.eventTypes)],
    active: true,
    createdAt: nowS(ctx),
  };
  await ctx.store.repos.webhooks.insertSubscription(row);
  return row;
}

export async function getSubscription(ctx: DomainContext, actor: Actor, id: string): Promise<WebhookSubscriptionRow> {
  const s = await ctx.store.repos.webhooks.getSubscription(id);
  if (!s || !owns(actor, s)) throw notFound('webhook', id);
  return s;
}

/** Operators see every subscription; others their own. */
export async function listSubscriptions(ctx: DomainContext, actor: Actor, page: PageRequest): Promise<Page<WebhookSubscriptionRow>> {
  const owner = actor.role === 'operator' ? undefined : { role: actor.role, subjectId: actor.subjectId };
  return ctx.store.repos.webhooks.listSubscriptions(owner, page);
}

export async function updateSubscription(
  ctx: DomainContext,
  actor: Actor,
  id: string,
  patch: Partial<SubscriptionInput> & { active?: boolean },
): Promise<WebhookSubscriptionRow> {
  await getSubscription(ctx, actor, id);
  if (patch.url !== undefined) await checkUrl(patch.url);
  if (patch.eventTypes !== undefined) checkEventTypes(patch.eventTypes);
  const row = await ctx.store.repos.webhooks.updateSubscription(id, {
    ...(patch.url !== undefined ? { url: patch.url } : {}),
    ...(patch.eventTypes !== undefined ? { eventTypes: [...new Set(patch.eventTypes)] } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
  });
  return row!;
}

/**
 * Deleting deactivates: no new deliveries are created and pending ones are dropped (closed as
 * dead without a call), but the
 * delivery history stays readable (it is evidence of what was sent).
 */
export async function deleteSubscription(ctx: DomainContext, actor: Actor, id: string): Promise<void> {
  await getSubscription(ctx, actor, id);
  await ctx.store.repos.webhooks.updateSubscription(id, { active: false });
}

export interface DeliveryView {
  delivery: WebhookDeliveryRow;
  attempts: WebhookAttemptRow[];
}

export async function listDeliveries(ctx: DomainContext, actor: Actor, subscriptionId: string, page: PageRequest): Promise<Page<DeliveryView>> {
  await getSubscription(ctx, actor, subscriptionId);
  const repos = ctx.store.repos.webhooks;
  const deliveries = await repos.listDeliveries(subscriptionId, page);
  const attempts = await repos.attemptsFor(deliveries.items.map((d) => d.id));
  return {
    items: deliveries.items.map((delivery) => ({ delivery, attempts: attempts.filter((a) => a.deliveryId === delivery.id) })),
    nextAfterId: deliveries.nextAfterId,
  };
}

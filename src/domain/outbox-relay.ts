// The outbox relay: claims committed, unpublished events in seq order, creates one webhook
// delivery per matching subscription, runs the platform's own reactions, and marks the events
// published, all in one transaction. An event is therefore fanned out exactly once (a crash
// before commit leaves it unpublished for the next run; the unique (subscription, event) index
// makes a re-run harmless). Claiming uses FOR UPDATE SKIP LOCKED, so several relays may run.
import type { OutboxRow, Repos, WebhookDeliveryRow } from '../store/index.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { eventTypeMatches, eventVisibleTo } from './event-visibility.js';
import { hasReaction, reactToEvent, reactToEvents } from './outbox-reactions.js';

export interface RelayResult {
  events: number;
  deliveries: number;
  reactionErrors: Array<{ eventId: string; type: string; message: string }>;
}

/** The body every subscriber receives for an event (the bytes sent are JSON of this). */
export function webhookEnvelope(e: OutboxRow) {
  return { id: e.id, type: e.type, createdAt: new Date(e.createdAt * 1000).toISOString().replace('.000Z', 'Z'), data: e.payload };
}

export type Reaction = (ctx: DomainContext, tx: Repos, event: OutboxRow) => Promise<void>;
/** Reacts to several events at once; must have the effects of `react` on each in turn. */
export type BatchReaction = (ctx: DomainContext, tx: Repos, events: OutboxRow[]) => Promise<void>;

const inTurn =
  (react: Reaction): BatchReaction =>
  async (ctx, tx, events) => {
    for (const e of events) await react(ctx, tx, e);
  };

/** `react` is the platform's reactions (batched by `reactBatch`); tests inject their own. */
export async function relayOutboxBatch(
  ctx: DomainContext,
  limit = 100,
  react: Reaction = reactToEvent,
  reactsTo: (type: string) => boolean = hasReaction,
  reactBatch: BatchReaction = react === reactToEvent ? reactToEvents : inTurn(react),
): Promise<RelayResult> {
  return ctx.store.transaction(async (tx) => {
    const now = nowS(ctx);
    const events = await tx.webhooks.claimUnpublished(limit);
    const result: RelayResult = { events: events.length, deliveries: 0, reactionErrors: [] };
    if (events.length === 0) return result;
    const subs = await tx.webhooks.activeSubscriptions();
    const deliveries: WebhookDeliveryRow[] = [];
    for (const e of events) {
      for (const s of subs) {
        if (!eventTypeMatches(s.eventTypes, e.type)) continue;
        if (!eventVisibleTo({ role: s.ownerRole, subjectId: s.ownerSubjectId }, e)) continue;
        deliveries.push({
          id: ctx.ids.next('whd'),
          subscriptionId: s.id,
          outboxId: e.id,
          eventType: e.type,
          payload: webhookEnvelope(e),
          state: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
          deliveredAt: null,
        });
      }
    }
    // Reactions: all of the batch in one savepoint (savepoints are costly); if one fails, the
    // batch's reactions roll back and run again one savepoint each, isolating the failing one.
    const reacting = events.filter((e) => reactsTo(e.type));
    if (reacting.length) try {
      await tx.savepoint((sp) => reactBatch(ctx, sp, reacting));
    } catch {
      for (const e of reacting) {
        try {
          await tx.savepoint((sp) => react(ctx, sp, e));
        } catch (err) {
          result.reactionErrors.push({ eventId: e.id, type: e.type, message: (err as Error).message });
        }
      }
    }
    await tx.webhooks.insertDeliveries(deliveries);
    await tx.outbox.markPublished(events.map((e) => e.seq), now);
    result.deliveries = deliveries.length;
    return result;
  });
}

// Placing an order with its idempotency guard, in two statements when nothing stands in the way:
// one read, then one write that claims the key, reserves stock at the best-ranked hub and writes the
// order, its events and its outbox entry in a single statement (committed, together with the writes
// of concurrent orders, before the answer). Whenever that write declines (the key turned out to be
// taken, the stock at that hub ran out since the read) or the order needs more (a repeated key, a
// quote), the full transactional path runs instead: runIdempotent + placeOrderTx +
// applyDeliveryChoiceTx, which replays, refuses a reused key, falls through to the next hub and
// checks quotes.
import type { Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { runIdempotent, type IdempotencyKeyRef, type IdempotentAnswer } from './idempotency.js';
import { checkOrderInput, orderSkus, placeOrderTx, prepareOrder, type OrderWithLines, type PlaceOrderInput } from './orders.js';
import { applyDeliveryChoiceTx, type DeliveryChoice } from './quotes.js';

/** Places an order (201 with `present(order)`), or replays / refuses per the idempotency key. */
export async function placeOrderIdempotent<B>(
  ctx: DomainContext,
  actor: Actor,
  input: PlaceOrderInput,
  choice: DeliveryChoice,
  ref: IdempotencyKeyRef | undefined,
  present: (placed: OrderWithLines) => B,
): Promise<IdempotentAnswer<B>> {
  if (!choice.quoteId) {
    const answer = await placeInTwoStatements(ctx, actor, input, choice, ref, present);
    if (answer) return answer;
  }
  return runIdempotent(ctx, ref, async (tx) => {
    const placed = await placeOrderTx(ctx, tx, actor, input);
    return { status: 201, body: present(await applyDeliveryChoiceTx(ctx, tx, placed, choice)) };
  });
}

/** The fast path; undefined when it wrote nothing and the transactional path must decide. Throws the same refusals. */
async function placeInTwoStatements<B>(
  ctx: DomainContext,
  actor: Actor,
  input: PlaceOrderInput,
  choice: DeliveryChoice,
  ref: IdempotencyKeyRef | undefined,
  present: (placed: OrderWithLines) => B,
): Promise<IdempotentAnswer<B> | undefined> {
  const now = nowS(ctx);
  const snap = await ctx.store.intake.read(input.addressId, orderSkus(input), ref);
  // A known key is answered (replayed or refused) before the request is judged, as on the transactional path.
  if (snap.keyTaken) return undefined;
  checkOrderInput(actor, input, now);
  const repos = ctx.store.repos;
  const p = await prepareOrder(ctx, repos, actor, input, snap, now);
  // Without a quote this only checks the mode (a drone needs a quote); it reads nothing.
  const placed = await applyDeliveryChoiceTx(ctx, repos, p.placed, choice);
  const body = present(placed);
  const written = await ctx.store.intake.place(
    { order: placed.order, lines: placed.lines, events: p.events, outbox: p.outbox },
    ref && { scope: ref.scope, key: ref.key, hash: ref.hash, status: 201, response: body },
  );
  return written ? { status: 201, body, replayed: false } : undefined;
}

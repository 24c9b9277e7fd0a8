// Placing an order with its idempotency guard, usually in ONE statement: the order is built from
// the intake cache's snapshot (hubs, products, address, a stock hint; read first when the cache
// lacks something), then one write checks that snapshot's reference version, claims the key,
// reserves stock at the best-ranked hub and writes the order (with the mode of the quote it cites,
// checked against the quote as stored: quotes never change), its events and its outbox entry
// (committed, together with the writes of concurrent orders, before the answer). Whenever that
// write declines (reference data changed, the stock hint was wrong, the key turned out to be
// taken), the full transactional path runs instead:
// runIdempotent + placeOrderTx + applyDeliveryChoiceTx, which replays, refuses a reused key, falls
// through to the next hub and checks quotes. The fast path never refuses an order itself unless
// it judged it on freshly read data with no key to answer first: a refusal drawn from the cache
// could be stale, and a request with a known key must be replayed even if it would now be refused.
import type { Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { runIdempotent, type IdempotencyKeyRef, type IdempotentAnswer } from './idempotency.js';
import { DomainError } from './errors.js';
import { checkOrderInput, orderSkus, placeOrderTx, prepareOrder, type OrderWithLines, type PlaceOrderInput, type PreparedOrder } from './orders.js';
import { applyDeliveryChoiceTx, checkDeliveryChoice, type DeliveryChoice } from './quotes.js';

/** Places an order (201 with `present(order)`), or replays / refuses per the idempotency key. */
export async function placeOrderIdempotent<B>(
  ctx: DomainContext,
  actor: Actor,
  input: PlaceOrderInput,
  choice: DeliveryChoice,
  ref: IdempotencyKeyRef | undefined,
  present: (placed: OrderWithLines) => B,
): Promise<IdempotentAnswer<B>> {
  const fast = await placeOnFastPath(ctx, actor, input, choice, ref, present);
  if (fast !== DECLINED && fast !== REFUSED_FROM_CACHE) return fast;
  const refusedFromCache = fast === REFUSED_FROM_CACHE;
  const answer = await runIdempotent(ctx, ref, async (tx) => {
    const placed = await placeOrderTx(ctx, tx, actor, input);
    return { status: 201, body: present(await applyDeliveryChoiceTx(ctx, tx, placed, choice)) };
  });
  // The cache refused what fresh data accepts: something cached is out of date.
  if (refusedFromCache && !answer.replayed) ctx.store.intake.cache.clear();
  return answer;
}

/** The fast path wrote nothing; the transactional path decides. */
const DECLINED = Symbol('declined');
/** As DECLINED, and the cached snapshot would have refused the order (the refusal may be stale). */
const REFUSED_FROM_CACHE = Symbol('refused from cache');

/** The fast path: the answer, or why it wrote nothing and the transactional path must decide. */
async function placeOnFastPath<B>(
  ctx: DomainContext,
  actor: Actor,
  input: PlaceOrderInput,
  choice: DeliveryChoice,
  ref: IdempotencyKeyRef | undefined,
  present: (placed: OrderWithLines) => B,
): Promise<IdempotentAnswer<B> | typeof DECLINED | typeof REFUSED_FROM_CACHE> {
  const now = nowS(ctx);
  const snap = await ctx.store.intake.snapshot(input.addressId, orderSkus(input));
  let p: PreparedOrder;
  let placed: OrderWithLines;
  try {
    checkOrderInput(actor, input, now);
    p = await prepareOrder(ctx, ctx.store.repos, actor, input, snap, now);
    // The cited quote as this process stored it, else as read now (quotes never change once stored).
    const quote = choice.quoteId ? (ctx.store.intake.cache.quote(choice.quoteId) ?? (await ctx.store.repos.quotes.get(choice.quoteId))) : undefined;
    placed = checkDeliveryChoice(ctx, p.placed, choice, quote);
  } catch (err) {
    // A refusal stands only when drawn from fresh data and no key needs answering first.
    if (!(err instanceof DomainError)) throw err;
    if (snap.cached) {
      if (err.code === 'stock_insufficient') ctx.store.intake.cache.forgetStock(orderSkus(input));
      return REFUSED_FROM_CACHE;
    }
    if (ref) return DECLINED;
    throw err;
  }
  const body = present(placed);
  const hubId = placed.order.hubId!;
  const written = await ctx.store.intake.place(
    { order: placed.order, lines: placed.lines, events: p.events, outbox: p.outbox },
    ref && { scope: ref.scope, key: ref.key, hash: ref.hash, status: 201, response: body },
    { version: snap.version, rankedBefore: p.ranking.inArea.slice(0, p.ranking.inArea.indexOf(hubId)) },
  );
  return written ? { status: 201, body, replayed: false } : DECLINED;
}

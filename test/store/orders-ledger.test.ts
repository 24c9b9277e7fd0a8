// Order lines and events have no foreign key to orders (migration 0006, a cost on every intake);
// what the key also guaranteed — an order with history is neither deleted nor renumbered — the
// triggers of migration 0007 keep, on both back ends.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { placeOrderIdempotent } from '../../src/domain/order-intake.js';
import { futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

describeBackends('orders are a ledger', (env) => {
  let w: World;
  let orderId: string;
  beforeAll(async () => {
    w = await seedWorld(env());
    const f = futureWindow();
    const input = { customerId: w.customers.alice, addressId: w.addresses.aliceHome, lines: [{ sku: 'TEA-100', quantity: 1 }], windowStart: Date.parse(f.start) / 1000, windowEnd: Date.parse(f.end) / 1000 };
    orderId = (await placeOrderIdempotent(env().ctx, SYSTEM_ACTOR, input, {}, undefined, (p) => p)).body.order.id;
  });
  const db = () => env().store.db;
  /** The database's own refusal (drizzle wraps it as the cause of "Failed query"). */
  const refusal = async (q: ReturnType<typeof sql>) => {
    const err = (await db().execute(q).then(() => undefined, (e: unknown) => e)) as (Error & { cause?: Error }) | undefined;
    return err?.cause?.message ?? err?.message ?? 'no error';
  };

  it('an order cannot be deleted, truncated away or renumbered; its lines and events stay with it', async () => {
    expect(await refusal(sql`delete from orders where id = ${orderId}`)).toMatch(/never deleted nor renumbered \(DELETE\)/);
    expect(await refusal(sql`truncate orders cascade`)).toMatch(/never deleted nor renumbered \(TRUNCATE\)/);
    expect(await refusal(sql`update orders set id = 'ord_renumbered' where id = ${orderId}`)).toMatch(/never deleted nor renumbered \(UPDATE\)/);
    expect(await env().store.repos.orders.get(orderId)).toBeDefined();
    expect(await env().store.repos.orders.lines(orderId)).toHaveLength(1);
    expect((await env().store.repos.orders.events(orderId, { limit: 10 })).items.map((e) => e.toState)).toEqual(['placed', 'allocated']);
  });

  it('other changes to an order still go through (the id trigger fires only on a new id)', async () => {
    await db().execute(sql`update orders set id = id, updated_at = updated_at + 1 where id = ${orderId}`);
    await db().execute(sql`delete from orders where false`);
    expect(await env().store.repos.orders.get(orderId)).toBeDefined();
  });
});

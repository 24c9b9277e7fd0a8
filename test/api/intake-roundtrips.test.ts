// Order intake's round trips to PostgreSQL: counted at the driver (every pg Client.query call),
// so a change that adds statements to the hot path fails here, not only in the benchmark.
import pg from 'pg';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { bearer, futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

describeBackends('order intake round trips', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });
  const original = pg.Client.prototype.query;
  afterEach(() => {
    pg.Client.prototype.query = original;
  });

  const place = (key: string, lines: Array<{ sku: string; quantity: number }>) =>
    env().app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { ...bearer(w.keys.alice), 'idempotency-key': key },
      payload: { customerId: w.customers.alice, addressId: w.addresses.aliceHome, lines, window: futureWindow() },
    });

  it('places an order in 8 statements on PostgreSQL (begin … commit), one and two lines alike but for the reservations', async () => {
    if (env().backend !== 'postgres') return; // counted at the node-postgres driver
    expect((await place('rt-warm', [{ sku: 'TEA-100', quantity: 1 }])).statusCode).toBe(201); // fills the API-key cache
    const seen: string[] = [];
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0] as string | { text: string };
      seen.push(typeof q === 'string' ? q : q.text);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    expect((await place('rt-1', [{ sku: 'TEA-100', quantity: 1 }])).statusCode).toBe(201);
    // begin, claim key, joined read, hubs, one CTE insert, reserve (locks taken last), store answer, commit
    expect(seen.length, seen.join('\n')).toBe(8);
    expect(seen.filter((s) => /^insert into "orders"|^with ins_order/i.test(s.trim()))).toHaveLength(1);
    seen.length = 0;
    expect((await place('rt-2', [{ sku: 'TEA-100', quantity: 1 }, { sku: 'KET-1', quantity: 1 }])).statusCode).toBe(201);
    expect(seen.length, seen.join('\n')).toBe(9); // one guarded UPDATE per line
  });
});

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

  /** From now until afterEach: every statement text sent through node-postgres, in order. */
  const recordStatements = (): string[] => {
    const seen: string[] = [];
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const q = args[0] as string | { text: string };
      seen.push(typeof q === 'string' ? q : q.text);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    return seen;
  };

  const place = (key: string, lines: Array<{ sku: string; quantity: number }>) =>
    env().app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { ...bearer(w.keys.alice), 'idempotency-key': key },
      payload: { customerId: w.customers.alice, addressId: w.addresses.aliceHome, lines, window: futureWindow() },
    });

  it('places an order in 1 statement on PostgreSQL once the reference data is cached (a read first when it is not), one and two lines alike', async () => {
    if (env().backend !== 'postgres') return; // counted at the node-postgres driver
    expect((await place('rt-warm', [{ sku: 'TEA-100', quantity: 1 }])).statusCode).toBe(201); // fills the API-key and intake caches
    const seen = recordStatements();
    expect((await place('rt-1', [{ sku: 'TEA-100', quantity: 1 }])).statusCode).toBe(201);
    // guard + claim + reserve + order rows in one statement, between a BEGIN and a COMMIT that
    // concurrent orders share (see below)
    expect(seen.length, seen.join('\n')).toBe(3);
    expect(seen[0]).toBe('begin');
    expect(seen[2]).toBe('commit');
    expect(seen[1]).toMatch(/intake_reference[\s\S]*insert into idempotency_keys[\s\S]*update stock[\s\S]*insert into orders[\s\S]*insert into outbox/);
    seen.length = 0;
    // KET-1 is not cached yet: one read (address, products, stock, hubs, reference version) first.
    expect((await place('rt-2', [{ sku: 'TEA-100', quantity: 1 }, { sku: 'KET-1', quantity: 1 }])).statusCode).toBe(201);
    expect(seen.length, seen.join('\n')).toBe(4);
    expect(seen[0]).toMatch(/from intake_reference/);
    seen.length = 0;
    expect((await place('rt-3', [{ sku: 'TEA-100', quantity: 1 }, { sku: 'KET-1', quantity: 1 }])).statusCode).toBe(201);
    expect(seen.length, seen.join('\n')).toBe(3);
    seen.length = 0;
    // A repeat: the single write finds the key taken and declines (begin, write, commit), the
    // transactional path replays (begin, claim (taken), stored answer, commit).
    const repeat = await place('rt-2', [{ sku: 'TEA-100', quantity: 1 }, { sku: 'KET-1', quantity: 1 }]);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    expect(seen.length, seen.join('\n')).toBe(7);
    seen.length = 0;
    // Concurrent orders share transactions: 12 orders, fewer COMMITs than orders.
    const many = await Promise.all(Array.from({ length: 12 }, (_, i) => place(`rt-many-${i}`, [{ sku: 'TEA-100', quantity: 1 }])));
    expect(many.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    expect(seen.filter((s) => /^with guard/.test(s.trim()))).toHaveLength(12);
    expect(seen.filter((s) => s === 'commit').length).toBeLessThan(12);
  });

  it('an order citing a quote this process made is one write as well, and carries the quote’s mode', async () => {
    if (env().backend !== 'postgres') return; // counted at the node-postgres driver
    const lines = [{ sku: 'TEA-100', quantity: 1 }];
    const window = futureWindow();
    expect((await place('rt-quote-warm', lines)).statusCode).toBe(201); // fills the caches
    // A van at the north hub, so that the quote offers one (the world has a drone only, and Alice's door takes no drone).
    await env().store.repos.vehicles.insert({
      id: 'veh_rt_van', hubId: w.hubs.north, kind: 'van', name: 'V1', capacityG: 500_000, capacityVolumeCm3: 2_000_000, maxParcels: 50,
      speedMps: 8, rangeM: 150_000, batteryWh: null, costPerKmMinor: 30, costPerHourMinor: 2000, status: 'idle',
      lastLon: null, lastLat: null, batteryPct: null, lastSeenAt: null, createdAt: 0,
    });
    const quoted = await env().app.inject({ method: 'POST', url: '/v1/quotes', headers: bearer(w.keys.alice), payload: { addressId: w.addresses.aliceHome, lines, window } });
    expect(quoted.statusCode).toBe(201);
    const quote = quoted.json() as { id: string; recommendedMode: string };
    expect(quote.recommendedMode).toBe('van');
    const seen = recordStatements();
    const res = await env().app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { ...bearer(w.keys.alice), 'idempotency-key': 'rt-quote' },
      payload: { customerId: w.customers.alice, addressId: w.addresses.aliceHome, lines, window, quoteId: quote.id },
    });
    expect(res.statusCode).toBe(201);
    expect(seen.length, seen.join('\n')).toBe(3); // begin, the write, commit: the quote is not read back
    expect(res.json()).toMatchObject({ mode: 'van', quoteId: quote.id });
    expect(await env().store.repos.orders.get(res.json().id)).toMatchObject({ deliveryMode: 'van', quoteId: quote.id });
    // A quote for other lines is refused as before (the transactional path has the last word), and nothing is written.
    const orders = await env().store.repos.orders.count();
    const other = await env().app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: bearer(w.keys.alice),
      payload: { customerId: w.customers.alice, addressId: w.addresses.aliceHome, lines: [{ sku: 'TEA-100', quantity: 2 }], window, quoteId: quote.id },
    });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ error: { code: 'quote_mismatch' } });
    expect(await env().store.repos.orders.count()).toBe(orders);
  });
});

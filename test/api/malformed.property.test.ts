// Property test: arbitrary and almost-right request bodies never cause a 5xx or a partial
// write. Every answer is a 4xx in the standard error shape and the table counts stay the same.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { bearer, futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends, type TestEnv } from '../service/harness.js';

const TABLES = ['orders', 'order_lines', 'order_events', 'outbox', 'idempotency_keys', 'hubs', 'products', 'customers', 'addresses', 'stock_adjustments'];

async function counts(env: TestEnv) {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const r = (await env.store.db.execute(sql.raw(`select count(*)::int as n from ${t}`))) as unknown as { rows: Array<{ n: number }> };
    out[t] = r.rows[0]!.n;
  }
  const stock = (await env.store.db.execute(sql.raw('select coalesce(sum(on_hand),0)::int as h, coalesce(sum(reserved),0)::int as r from stock'))) as unknown as { rows: Array<{ h: number; r: number }> };
  out.stockOnHand = stock.rows[0]!.h;
  out.stockReserved = stock.rows[0]!.r;
  return out;
}

describeBackends('malformed requests (property)', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });

  // Valid order bodies with one field replaced by anything.
  const nearlyValidOrder = () =>
    fc.record({
      field: fc.constantFrom('customerId', 'addressId', 'lines', 'window', 'lines.0', 'lines.0.sku', 'lines.0.quantity', 'window.start', 'window.end', 'extra'),
      value: fc.oneof(fc.anything(), fc.integer(), fc.string(), fc.constant(null), fc.double(), fc.array(fc.anything())),
    }).map(({ field, value }) => {
      const body: Record<string, any> = {
        customerId: w.customers.alice,
        addressId: w.addresses.aliceHome,
        lines: [{ sku: 'TEA-100', quantity: 1 }],
        window: futureWindow(),
      };
      const path = field.split('.');
      let target: any = body;
      for (const p of path.slice(0, -1)) target = target[p];
      target[path[path.length - 1]!] = value;
      return body;
    });

  const endpoints = () => [
    { url: '/v1/orders', gen: fc.oneof(fc.anything(), fc.object(), nearlyValidOrder(), nearlyValidOrder()) },
    { url: '/v1/hubs', gen: fc.oneof(fc.anything(), fc.object()) },
    { url: '/v1/products', gen: fc.oneof(fc.anything(), fc.object()) },
    { url: '/v1/customers', gen: fc.oneof(fc.anything(), fc.object({ maxDepth: 1 })) },
    { url: `/v1/customers/${w.customers.alice}/addresses`, gen: fc.oneof(fc.anything(), fc.object()) },
    { url: `/v1/hubs/${w.hubs.north}/stock/adjustments`, gen: fc.oneof(fc.anything(), fc.record({ sku: fc.string(), delta: fc.anything(), reason: fc.anything() })) },
  ];

  it('answers 4xx in the error shape and writes nothing', async () => {
    for (const { url, gen } of endpoints()) {
      await fc.assert(
        fc.asyncProperty(gen, async (body) => {
          const before = await counts(env());
          const payload = JSON.stringify(body === undefined ? null : body);
          const r = await env().app.inject({ method: 'POST', url, headers: { ...bearer(w.keys.operator), 'content-type': 'application/json' }, payload });
          // A generated body can happen to be valid (quantity replaced by 3, a customer named by a random string): not malformed.
          if (r.statusCode < 300) return;
          expect(r.statusCode).toBeGreaterThanOrEqual(400);
          expect(r.statusCode).toBeLessThan(500);
          const e = r.json().error;
          expect(typeof e.code).toBe('string');
          expect(typeof e.message).toBe('string');
          expect(typeof e.details).toBe('object');
          expect(await counts(env())).toEqual(before);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('answers unparsable JSON with 400 invalid_json and writes nothing', async () => {
    const base = await counts(env());
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), async (text) => {
        fc.pre((() => { try { JSON.parse(text); return false; } catch { return true; } })());
        const r = await env().app.inject({ method: 'POST', url: '/v1/orders', headers: { ...bearer(w.keys.operator), 'content-type': 'application/json' }, payload: text });
        expect(r.statusCode).toBe(400);
        expect(r.json().error.code).toBe('invalid_json');
      }),
      { numRuns: 100 },
    );
    expect(await counts(env())).toEqual(base);
  });
});

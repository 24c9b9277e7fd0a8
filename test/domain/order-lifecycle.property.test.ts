// Property test of the order lifecycle through the API: random sequences of transitions by
// random roles. Whatever happens, the stock books are recomputed independently from the
// orders' states and must match the database; event chains must be contiguous; no 5xx.
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import { adjustStock, createProduct } from '../../src/domain/catalog.js';
import { ORDER_STATES } from '../../src/domain/order-states.js';
import { bearer, futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

const INITIAL = 30;

describeBackends('order lifecycle (property)', (env) => {
  let w: World;
  let run = 0;
  beforeAll(async () => {
    w = await seedWorld(env());
  });

  it('keeps stock, states and events consistent under any sequence of transitions', async () => {
    const step = fc.record({
      order: fc.nat({ max: 2 }),
      to: fc.constantFrom(...ORDER_STATES),
      who: fc.constantFrom('operator', 'alice', 'bob'),
      via: fc.constantFrom('transitions', 'cancel'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 3, maxLength: 3 }), async (steps, qty) => {
        const { ctx, app } = env();
        const sku = `PROP-${env().backend}-${run++}`;
        const product = await createProduct(ctx, SYSTEM_ACTOR, { sku, name: sku, weightG: 10, lengthMm: 10, widthMm: 10, heightMm: 10, priceMinor: 1, currency: 'EUR' });
        await adjustStock(ctx, SYSTEM_ACTOR, { hubId: w.hubs.north, sku, delta: INITIAL, reason: 'prop' });
        const ids: string[] = [];
        for (const q of qty) {
          const r = await app.inject({
            method: 'POST', url: '/v1/orders', headers: bearer(w.keys.alice),
            payload: { addressId: w.addresses.aliceHome, lines: [{ sku, quantity: q }], window: futureWindow() },
          });
          expect(r.statusCode).toBe(201);
          ids.push(r.json().id);
        }
        const keys = { operator: w.keys.operator, alice: w.keys.alice, bob: w.keys.bob };
        for (const s of steps) {
          const id = ids[s.order]!;
          const before = (await ctx.store.repos.orders.get(id))!.state;
          const r = s.via === 'cancel'
            ? await app.inject({ method: 'POST', url: `/v1/orders/${id}/cancel`, headers: bearer(keys[s.who]), payload: {} })
            : await app.inject({ method: 'POST', url: `/v1/orders/${id}/transitions`, headers: bearer(keys[s.who]), payload: { to: s.to } });
          expect(r.statusCode).toBeLessThan(500);
          const after = (await ctx.store.repos.orders.get(id))!.state;
          if (r.statusCode === 200) expect(after).toBe(s.via === 'cancel' ? 'cancelled' : s.to);
          else {
            expect(after).toBe(before); // a refused transition changes nothing
            expect(['illegal_transition', 'forbidden', 'not_found']).toContain(r.json().error.code);
          }
          if (s.who === 'bob') expect(r.statusCode).not.toBe(200); // never someone else's order
        }
        // Independent books: what each state means for this hub's stock.
        let reserved = 0;
        let out = 0;
        for (const [i, id] of ids.entries()) {
          const o = (await ctx.store.repos.orders.get(id))!;
          if (o.state === 'allocated' || o.state === 'ready') reserved += qty[i]!;
          if (o.state === 'dispatched' || o.state === 'delivered' || o.state === 'failed') out += qty[i]!;
          const ev = (await ctx.store.repos.orders.events(id, { limit: 1000 })).items;
          expect(ev[0]!.fromState).toBeNull();
          for (let k = 1; k < ev.length; k++) expect(ev[k]!.fromState).toBe(ev[k - 1]!.toState);
          expect(ev[ev.length - 1]!.toState).toBe(o.state);
        }
        const row = (await ctx.store.repos.stock.get(w.hubs.north, product.id))!;
        expect({ onHand: row.onHand, reserved: row.reserved }).toEqual({ onHand: INITIAL - out, reserved });
      }),
      { numRuns: env().backend === 'pglite' ? 40 : 15 },
    );
  });
});

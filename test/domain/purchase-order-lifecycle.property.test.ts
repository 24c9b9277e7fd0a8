// Property tests of the purchase-order state machine.
//  1. The rule table against an independent statement of the lifecycle, for every (from, to, role).
//  2. Through the API on both back ends: random sequences of actions by random callers on a
//     fresh PO. Each answer must be exactly what an independent model predicts (200, 403, 404 or
//     409, never a 5xx), the stored state must follow the model, the event chain must be
//     contiguous, and stock must rise by the ordered quantity only on receipt.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../src/domain/actor.js';
import { createApiKey } from '../../src/domain/api-keys.js';
import { PURCHASE_ORDER_STATES, checkPurchaseOrderTransition, type PurchaseOrderState } from '../../src/domain/purchase-order-states.js';
import { bearer, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

// The lifecycle as the issue states it, written out independently of the implementation.
const LEGAL: Record<string, Role[]> = {
  'draft>sent': ['operator'],
  'draft>cancelled': ['operator'],
  'sent>confirmed': ['operator', 'supplier'],
  'sent>cancelled': ['operator', 'supplier'],
  'confirmed>shipped': ['operator', 'supplier'],
  'confirmed>cancelled': ['operator'],
  'shipped>received': ['operator'],
};

describe('purchase-order transition rules', () => {
  it('accept exactly the legal (from, to, role) triples', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PURCHASE_ORDER_STATES), fc.constantFrom(...PURCHASE_ORDER_STATES), fc.constantFrom(...ROLES), (from, to, role) => {
        const roles = LEGAL[`${from}>${to}`];
        const check = checkPurchaseOrderTransition(from, to, role);
        expect(check.ok).toBe(!!roles?.includes(role));
        if (!check.ok) expect(check.reason).toBe(roles ? 'forbidden' : 'illegal');
        // Terminal states go nowhere.
        if (from === 'received' || from === 'cancelled') expect(check.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

const ACTIONS = { send: 'sent', confirm: 'confirmed', ship: 'shipped', receive: 'received', cancel: 'cancelled' } as const;
type Action = keyof typeof ACTIONS;
// Who each endpoint admits at all (route config); everyone else gets 403 before the domain runs.
const ENDPOINT_ROLES: Record<Action, Role[]> = { send: ['operator'], confirm: ['operator', 'supplier'], ship: ['operator', 'supplier'], receive: ['operator'], cancel: ['operator', 'supplier'] };
type Caller = 'operator' | 'owner' | 'otherSupplier' | 'customer' | 'device';
const ROLE_OF: Record<Caller, Role> = { operator: 'operator', owner: 'supplier', otherSupplier: 'supplier', customer: 'customer', device: 'device' };

/** The answer the model expects, and the next state. */
function model(state: PurchaseOrderState, action: Action, caller: Caller): { status: number; next: PurchaseOrderState } {
  const role = ROLE_OF[caller];
  if (!ENDPOINT_ROLES[action].includes(role)) return { status: 403, next: state };
  if (caller === 'otherSupplier') return { status: 404, next: state };
  const to = ACTIONS[action];
  const roles = LEGAL[`${state}>${to}`];
  if (!roles || !roles.includes(role)) return { status: 409, next: state };
  return { status: 200, next: to };
}

describeBackends('purchase-order lifecycle (property)', (env) => {
  let w: World;
  let keys: Record<Caller, string>;
  beforeAll(async () => {
    w = await seedWorld(env());
    const other = await env().app.inject({ method: 'POST', url: '/v1/suppliers', headers: bearer(w.keys.operator), payload: { name: 'Other' } });
    keys = {
      operator: w.keys.operator,
      owner: w.keys.supplier,
      otherSupplier: (await createApiKey(env().ctx, { role: 'supplier', subjectId: other.json().id })).key,
      customer: w.keys.alice,
      device: w.keys.device,
    };
  });

  it('answers every action as the model predicts and never raises stock except on receipt', async () => {
    // Callers weighted towards the ones that can move a PO, so that long paths (up to receipt) are common.
    const caller = fc.oneof(
      { arbitrary: fc.constant<Caller>('operator'), weight: 4 },
      { arbitrary: fc.constant<Caller>('owner'), weight: 3 },
      { arbitrary: fc.constantFrom<Caller>('otherSupplier', 'customer', 'device'), weight: 2 },
    );
    const step = fc.record({ action: fc.constantFrom(...(Object.keys(ACTIONS) as Action[])), caller });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 50 }), async (steps, quantity) => {
        const { app, store } = env();
        const created = await app.inject({
          method: 'POST', url: '/v1/purchase-orders', headers: bearer(w.keys.operator),
          payload: { supplierId: w.ids.supplier, hubId: w.hubs.south, lines: [{ sku: 'RARE-1', quantity, unitCostMinor: 100 }] },
        });
        expect(created.statusCode).toBe(201);
        const id = created.json().id as string;
        const before = (await store.repos.stock.get(w.hubs.south, w.products.rare))!.onHand;
        let state: PurchaseOrderState = 'draft';
        const path: PurchaseOrderState[] = ['draft'];
        for (const s of steps) {
          const res = await app.inject({ method: 'POST', url: `/v1/purchase-orders/${id}/${s.action}`, headers: bearer(keys[s.caller]), payload: {} });
          const expected = model(state, s.action, s.caller);
          expect(`${state} ${s.action} by ${s.caller}: ${res.statusCode}`).toBe(`${state} ${s.action} by ${s.caller}: ${expected.status}`);
          if (res.statusCode !== 200) expect(res.json().error.code).toBe({ 403: 'forbidden', 404: 'not_found', 409: 'illegal_transition' }[res.statusCode as 403 | 404 | 409]);
          else expect(res.json().state).toBe(expected.next);
          if (expected.next !== state) path.push(expected.next);
          state = expected.next;
        }
        const stored = await store.repos.purchaseOrders.get(id);
        expect(stored!.state).toBe(state);
        const events = (await store.repos.purchaseOrders.events(id, { limit: 100 })).items;
        expect(events.map((e) => e.toState)).toEqual(path);
        for (let i = 1; i < events.length; i++) expect(events[i]!.fromState).toBe(events[i - 1]!.toState);
        const after = (await store.repos.stock.get(w.hubs.south, w.products.rare))!.onHand;
        expect(after - before).toBe(state === 'received' ? quantity : 0);
      }),
      {
        numRuns: 30,
        // Always include the full happy path and a supplier's decline.
        examples: [
          [[{ action: 'send', caller: 'operator' }, { action: 'confirm', caller: 'owner' }, { action: 'ship', caller: 'owner' }, { action: 'receive', caller: 'operator' }, { action: 'cancel', caller: 'operator' }], 7],
          [[{ action: 'send', caller: 'operator' }, { action: 'cancel', caller: 'owner' }, { action: 'confirm', caller: 'owner' }], 3],
        ],
      },
    );
  });
});

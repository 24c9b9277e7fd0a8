import { expect, it } from 'vitest';
import { ORDER_STATES, TERMINAL_STATES, checkTransition, nextStates } from '../../src/domain/order-states.js';

it('follows the documented lifecycle', () => {
  const path = ['placed', 'allocated', 'ready', 'dispatched', 'delivered'] as const;
  for (let i = 0; i + 1 < path.length; i++) expect(checkTransition(path[i]!, path[i + 1]!, 'operator').ok).toBe(true);
  expect(checkTransition('dispatched', 'failed', 'operator')).toEqual({ ok: true, stock: 'none' });
  expect(checkTransition('failed', 'returned', 'operator')).toEqual({ ok: true, stock: 'restock' });
  expect(checkTransition('allocated', 'cancelled', 'customer')).toEqual({ ok: true, stock: 'release' });
  expect(checkTransition('ready', 'dispatched', 'operator')).toEqual({ ok: true, stock: 'consume' });
});

it('terminal states have no way out and nothing re-enters placed', () => {
  for (const t of TERMINAL_STATES) expect(nextStates(t)).toEqual([]);
  for (const s of ORDER_STATES) expect(nextStates(s)).not.toContain('placed');
});

it('customers can only cancel, and only before dispatch; suppliers and devices nothing', () => {
  for (const from of ORDER_STATES) {
    for (const to of ORDER_STATES) {
      const c = checkTransition(from, to, 'customer');
      if (c.ok) expect([from, to]).toSatisfy(([f, t]: string[]) => t === 'cancelled' && ['placed', 'allocated', 'ready'].includes(f!));
      expect(checkTransition(from, to, 'supplier').ok).toBe(false);
      expect(checkTransition(from, to, 'device').ok).toBe(false);
    }
  }
  expect(checkTransition('dispatched', 'cancelled', 'operator')).toMatchObject({ ok: false, reason: 'illegal' });
  expect(checkTransition('allocated', 'ready', 'customer')).toMatchObject({ ok: false, reason: 'forbidden' });
});

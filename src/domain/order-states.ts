// The order lifecycle: the single place that says which state changes are legal, who may
// make them, and what each does to stock.
//
//   placed → allocated → ready → dispatched → delivered
//                                   ↓   ↑
//                                  failed → returned
//   placed | allocated | ready → cancelled
import type { Role } from './actor.js';

export const ORDER_STATES = ['placed', 'allocated', 'ready', 'dispatched', 'delivered', 'failed', 'returned', 'cancelled'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** What a transition does to the hub's stock for every line of the order. */
export type StockEffect =
  | 'reserve' // available → reserved (allocation)
  | 'release' // reserved → available (cancellation after allocation)
  | 'consume' // reserved units leave the hub (dispatch)
  | 'restock' // returned goods come back on hand
  | 'restock_reserved' // goods come back to the hub still held for the order (failed or unstarted delivery re-enters dispatch)
  | 'none';

interface TransitionRule {
  from: OrderState;
  to: OrderState;
  roles: readonly Role[];
  stock: StockEffect;
}

const OPS: readonly Role[] = ['operator'];
const OPS_AND_CUSTOMER: readonly Role[] = ['operator', 'customer'];

const RULES: readonly TransitionRule[] = [
  { from: 'placed', to: 'allocated', roles: OPS, stock: 'reserve' },
  { from: 'placed', to: 'cancelled', roles: OPS_AND_CUSTOMER, stock: 'none' },
  { from: 'allocated', to: 'ready', roles: OPS, stock: 'none' },
  { from: 'allocated', to: 'cancelled', roles: OPS_AND_CUSTOMER, stock: 'release' },
  { from: 'ready', to: 'dispatched', roles: OPS, stock: 'consume' },
  { from: 'ready', to: 'cancelled', roles: OPS_AND_CUSTOMER, stock: 'release' },
  { from: 'dispatched', to: 'delivered', roles: OPS, stock: 'none' },
  { from: 'dispatched', to: 'failed', roles: OPS, stock: 'none' },
  // A failed delivery re-enters dispatch (goods are still on the vehicle) or goes back to the hub.
  { from: 'failed', to: 'dispatched', roles: OPS, stock: 'none' },
  { from: 'failed', to: 'returned', roles: OPS, stock: 'restock' },
  // Dispatch rounds: a failed delivery, or one whose route never left, goes back to the pool (src/domain/dispatch*.ts).
  { from: 'failed', to: 'ready', roles: OPS, stock: 'restock_reserved' },
  { from: 'dispatched', to: 'ready', roles: OPS, stock: 'restock_reserved' },
];

export const TERMINAL_STATES: readonly OrderState[] = ['delivered', 'returned', 'cancelled'];

export function isOrderState(s: string): s is OrderState {
  return (ORDER_STATES as readonly string[]).includes(s);
}

export type TransitionCheck =
  | { ok: true; stock: StockEffect }
  | { ok: false; reason: 'illegal' | 'forbidden'; allowed: OrderState[] };

/** May `role` move an order from `from` to `to`? `allowed` lists the states this role could move it to instead. */
export function checkTransition(from: OrderState, to: OrderState, role: Role): TransitionCheck {
  const allowed = RULES.filter((r) => r.from === from && r.roles.includes(role)).map((r) => r.to);
  const rule = RULES.find((r) => r.from === from && r.to === to);
  if (!rule) return { ok: false, reason: 'illegal', allowed };
  if (!rule.roles.includes(role)) return { ok: false, reason: 'forbidden', allowed };
  return { ok: true, stock: rule.stock };
}

/** All states reachable in one step from `from` (any role). */
export function nextStates(from: OrderState): OrderState[] {
  return RULES.filter((r) => r.from === from).map((r) => r.to);
}

// The purchase-order lifecycle: the single place that says which state changes are legal and
// who may make them.
//
//   draft → sent → confirmed → shipped → received
//     ↓      ↓         ↓
//   cancelled (the supplier may decline a sent PO; the operator may cancel until shipped)
import type { Role } from './actor.js';

export const PURCHASE_ORDER_STATES = ['draft', 'sent', 'confirmed', 'shipped', 'received', 'cancelled'] as const;
export type PurchaseOrderState = (typeof PURCHASE_ORDER_STATES)[number];

/** States in which goods are still expected: they count towards projected stock, and block a second automatic PO. */
export const OPEN_PURCHASE_ORDER_STATES: readonly PurchaseOrderState[] = ['draft', 'sent', 'confirmed', 'shipped'];

interface Rule {
  from: PurchaseOrderState;
  to: PurchaseOrderState;
  roles: readonly Role[];
}

const OPS: readonly Role[] = ['operator'];
const OPS_AND_SUPPLIER: readonly Role[] = ['operator', 'supplier'];

const RULES: readonly Rule[] = [
  { from: 'draft', to: 'sent', roles: OPS },
  { from: 'draft', to: 'cancelled', roles: OPS },
  { from: 'sent', to: 'confirmed', roles: OPS_AND_SUPPLIER },
  { from: 'sent', to: 'cancelled', roles: OPS_AND_SUPPLIER },
  { from: 'confirmed', to: 'shipped', roles: OPS_AND_SUPPLIER },
  { from: 'confirmed', to: 'cancelled', roles: OPS },
  // Goods receipt is counted at the hub, so only the operator records it.
  { from: 'shipped', to: 'received', roles: OPS },
];

export function isPurchaseOrderState(s: string): s is PurchaseOrderState {
  return (PURCHASE_ORDER_STATES as readonly string[]).includes(s);
}

export type PurchaseOrderTransitionCheck =
  | { ok: true }
  | { ok: false; reason: 'illegal' | 'forbidden'; allowed: PurchaseOrderState[] };

/** May `role` move a PO from `from` to `to`? `allowed` lists where this role could move it instead. */
export function checkPurchaseOrderTransition(from: PurchaseOrderState, to: PurchaseOrderState, role: Role): PurchaseOrderTransitionCheck {
  const allowed = RULES.filter((r) => r.from === from && r.roles.includes(role)).map((r) => r.to);
  const rule = RULES.find((r) => r.from === from && r.to === to);
  if (!rule) return { ok: false, reason: 'illegal', allowed };
  if (!rule.roles.includes(role)) return { ok: false, reason: 'forbidden', allowed };
  return { ok: true };
}

/** Every legal (from, to, roles) triple, for tests and documentation. */
export function purchaseOrderTransitions(): ReadonlyArray<Readonly<Rule>> {
  return RULES;
}

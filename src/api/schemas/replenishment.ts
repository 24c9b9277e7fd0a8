// Request/response shapes for suppliers, reorder rules and purchase orders.
import { Type, type Static } from '@sinclair/typebox';
import { PURCHASE_ORDER_STATES } from '../../domain/purchase-order-states.js';
import { Iso } from '../schemas.js';

const Strict = { additionalProperties: false } as const;
const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Sku = Type.String({ minLength: 1, maxLength: 64 });
const RefId = Type.String({ minLength: 1, maxLength: 64 });
const Qty = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const Minor = Type.Integer({ minimum: 0, maximum: 2_000_000_000 });

export const SupplierCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Nullable(Type.String({ maxLength: 320 }))),
    leadTimeS: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 * 86_400, description: 'typical order-to-receipt time, seconds (default 86400)' })),
  },
  Strict,
);
export type SupplierCreate = Static<typeof SupplierCreate>;

export const Supplier = Type.Object({ id: Type.String(), name: Type.String(), email: Nullable(Type.String()), leadTimeS: Type.Integer(), createdAt: Iso });

export const ReorderRuleCreate = Type.Object(
  {
    hubId: RefId,
    sku: Sku,
    supplierId: RefId,
    min: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'raise a PO when available stock falls below this' }),
    max: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'order up to this level (PO quantity = max − projected)' }),
    unitCostMinor: Minor,
    enabled: Type.Optional(Type.Boolean()),
  },
  Strict,
);
export type ReorderRuleCreate = Static<typeof ReorderRuleCreate>;

export const ReorderRulePatch = Type.Object(
  {
    min: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    max: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    unitCostMinor: Type.Optional(Minor),
    enabled: Type.Optional(Type.Boolean()),
    supplierId: Type.Optional(RefId),
  },
  { ...Strict, minProperties: 1 },
);
export type ReorderRulePatch = Static<typeof ReorderRulePatch>;

export const ReorderRule = Type.Object({
  id: Type.String(),
  hubId: Type.String(),
  productId: Type.String(),
  supplierId: Type.String(),
  min: Type.Integer(),
  max: Type.Integer(),
  unitCostMinor: Type.Integer(),
  enabled: Type.Boolean(),
  createdAt: Iso,
});

export const ReorderRuleListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    hubId: Type.Optional(RefId),
    supplierId: Type.Optional(RefId),
  },
  Strict,
);
export type ReorderRuleListQuery = Static<typeof ReorderRuleListQuery>;

export const ReplenishmentRun = Type.Object({ hubId: Type.Optional(RefId) }, Strict);
export type ReplenishmentRun = Static<typeof ReplenishmentRun>;

export const ReplenishmentDecision = Type.Object({
  hubId: Type.String(),
  productId: Type.String(),
  available: Type.Integer(),
  open: Type.Integer({ description: 'units on open purchase orders not yet received' }),
  projected: Type.Integer(),
  min: Type.Integer(),
  max: Type.Integer(),
  outcome: Type.String({ description: 'raised | above_min | po_open | rule_disabled | no_rule' }),
  purchaseOrderId: Type.Optional(Type.String()),
  quantity: Type.Optional(Type.Integer()),
});

export const PurchaseOrderCreate = Type.Object(
  {
    supplierId: RefId,
    hubId: RefId,
    lines: Type.Array(Type.Object({ sku: Sku, quantity: Qty, unitCostMinor: Type.Optional(Minor) }, Strict), { minItems: 1, maxItems: 100 }),
    send: Type.Optional(Type.Boolean({ description: 'send at once (notifies the supplier); default false = draft' })),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  Strict,
);
export type PurchaseOrderCreate = Static<typeof PurchaseOrderCreate>;

export const PurchaseOrder = Type.Object({
  id: Type.String(),
  supplierId: Type.String(),
  hubId: Type.String(),
  state: Type.String(),
  lines: Type.Optional(
    Type.Array(
      Type.Object({ lineNo: Type.Integer(), sku: Type.String(), productId: Type.String(), quantity: Type.Integer(), receivedQuantity: Type.Integer(), unitCostMinor: Type.Integer() }),
    ),
  ),
  totalMinor: Type.Integer(),
  currency: Type.String(),
  expectedAt: Nullable(Iso),
  createdAt: Iso,
  updatedAt: Iso,
});

export const PurchaseOrderListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    state: Type.Optional(Type.Union(PURCHASE_ORDER_STATES.map((s) => Type.Literal(s)))),
    hubId: Type.Optional(RefId),
    supplierId: Type.Optional(RefId),
  },
  Strict,
);
export type PurchaseOrderListQuery = Static<typeof PurchaseOrderListQuery>;

export const PurchaseOrderEvent = Type.Object({
  id: Type.String(),
  purchaseOrderId: Type.String(),
  from: Nullable(Type.String()),
  to: Type.String(),
  actor: Type.String(),
  reason: Nullable(Type.String()),
  at: Iso,
});

export const ReasonBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, Strict);
export type ReasonBody = Static<typeof ReasonBody>;
export const ConfirmBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })), expectedAt: Type.Optional(Iso) },
  Strict,
);
export type ConfirmBody = Static<typeof ConfirmBody>;
export const ReceiveBody = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    lines: Type.Optional(
      Type.Array(Type.Object({ lineNo: Type.Integer({ minimum: 1, maximum: 1000 }), quantity: Type.Integer({ minimum: 0, maximum: 1_000_000 }) }, Strict), {
        minItems: 1,
        maxItems: 100,
        description: 'units counted per line; default: every line in full',
      }),
    ),
  },
  Strict,
);
export type ReceiveBody = Static<typeof ReceiveBody>;

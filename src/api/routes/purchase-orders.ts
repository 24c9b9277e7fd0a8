// Purchase orders: operators create (idempotent), send, cancel and receive; the supplier
// confirms, ships or declines its own, and sees only its own.
import type { FastifyInstance } from 'fastify';
import { requestHash, runIdempotent } from '../../domain/idempotency.js';
import type { PurchaseOrderState } from '../../domain/purchase-order-states.js';
import {
  createPurchaseOrderTx,
  getPurchaseOrder,
  listPurchaseOrderEvents,
  listPurchaseOrders,
  transitionPurchaseOrder,
  type PurchaseOrderView,
  type TransitionOptions,
} from '../../domain/purchase-orders.js';
import type { PurchaseOrderEventRow, PurchaseOrderRow } from '../../store/index.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { PageEnvelope, PageQuery, pageBody, pageRequest } from '../pagination.js';
import { epochS, iso } from '../present.js';
import { IdParams } from '../schemas.js';
import {
  ConfirmBody,
  PurchaseOrder,
  PurchaseOrderCreate,
  PurchaseOrderEvent,
  PurchaseOrderListQuery,
  ReasonBody,
  ReceiveBody,
} from '../schemas/replenishment.js';
import { idempotencyScope } from './orders.js';
import { Type } from '@sinclair/typebox';

const WITH_SUPPLIER = ['operator', 'supplier'] as const;

export function presentPurchaseOrder(po: PurchaseOrderRow, lines?: PurchaseOrderView['lines']) {
  return {
    id: po.id,
    supplierId: po.supplierId,
    hubId: po.hubId,
    state: po.state,
    ...(lines
      ? { lines: lines.map((l) => ({ lineNo: l.lineNo, sku: l.sku, productId: l.productId, quantity: l.quantity, receivedQuantity: l.receivedQuantity, unitCostMinor: l.unitCostMinor })) }
      : {}),
    totalMinor: po.totalMinor,
    currency: po.currency,
    expectedAt: po.expectedAt === null ? null : iso(po.expectedAt),
    createdAt: iso(po.createdAt),
    updatedAt: iso(po.updatedAt),
  };
}

const presentEvent = (e: PurchaseOrderEventRow) => ({ id: e.id, purchaseOrderId: e.purchaseOrderId, from: e.fromState, to: e.toState, actor: e.actor, reason: e.reason, at: iso(e.at) });

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'a repeat with the same key and body returns the first answer' })),
});

export function registerPurchaseOrderRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.post<{ Body: PurchaseOrderCreate; Headers: { 'idempotency-key'?: string } }>(
    '/v1/purchase-orders',
    {
      schema: {
        tags: ['purchase orders'],
        summary: 'Create a purchase order (draft, or sent at once with send: true); Idempotency-Key as for orders',
        headers: IdempotencyHeaders,
        body: PurchaseOrderCreate,
        response: { 201: PurchaseOrder },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const key = req.headers['idempotency-key'];
      const ref = key ? { scope: idempotencyScope('purchase_orders.create', actor), key, hash: requestHash(req.body) } : undefined;
      const answer = await runIdempotent(ctx, ref, async (tx) => {
        const v = await createPurchaseOrderTx(ctx, tx, actor, req.body);
        return { status: 201, body: presentPurchaseOrder(v.po, v.lines) };
      });
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(answer.status).header('location', `/v1/purchase-orders/${answer.body.id}`).send(answer.body);
    },
  );

  app.get<{ Querystring: PurchaseOrderListQuery }>(
    '/v1/purchase-orders',
    {
      config: { roles: WITH_SUPPLIER },
      schema: { tags: ['purchase orders'], summary: 'List purchase orders (a supplier: its own)', querystring: PurchaseOrderListQuery, response: { 200: PageEnvelope(PurchaseOrder) } },
    },
    async (req) => {
      const q = req.query;
      return pageBody(await listPurchaseOrders(ctx, actorOf(req), { state: q.state, hubId: q.hubId, supplierId: q.supplierId }, pageRequest(q)), (po) => presentPurchaseOrder(po));
    },
  );

  app.get<{ Params: IdParams }>(
    '/v1/purchase-orders/:id',
    { config: { roles: WITH_SUPPLIER }, schema: { tags: ['purchase orders'], summary: 'Get a purchase order with its lines', params: IdParams, response: { 200: PurchaseOrder } } },
    async (req) => {
      const v = await getPurchaseOrder(ctx, actorOf(req), req.params.id);
      return presentPurchaseOrder(v.po, v.lines);
    },
  );

  app.get<{ Params: IdParams; Querystring: PageQuery }>(
    '/v1/purchase-orders/:id/events',
    {
      config: { roles: WITH_SUPPLIER },
      schema: { tags: ['purchase orders'], summary: 'State changes of a purchase order, oldest first', params: IdParams, querystring: PageQuery, response: { 200: PageEnvelope(PurchaseOrderEvent) } },
    },
    async (req) => pageBody(await listPurchaseOrderEvents(ctx, actorOf(req), req.params.id, pageRequest(req.query)), presentEvent),
  );

  // One endpoint per action: its target state, who may call it, and its body.
  const actions: Array<{ path: string; to: PurchaseOrderState; roles: readonly ('operator' | 'supplier')[]; summary: string; body: typeof ReasonBody | typeof ConfirmBody | typeof ReceiveBody }> = [
    { path: 'send', to: 'sent', roles: ['operator'], summary: 'Send a draft to the supplier (webhook purchase_order.sent)', body: ReasonBody },
    { path: 'confirm', to: 'confirmed', roles: WITH_SUPPLIER, summary: 'The supplier confirms (optional expectedAt; default now + lead time)', body: ConfirmBody },
    { path: 'ship', to: 'shipped', roles: WITH_SUPPLIER, summary: 'The supplier has shipped the goods', body: ReasonBody },
    { path: 'receive', to: 'received', roles: ['operator'], summary: 'Goods receipt at the hub: raises stock by the counted quantities', body: ReceiveBody },
    { path: 'cancel', to: 'cancelled', roles: WITH_SUPPLIER, summary: 'Cancel (operator, until shipped) or decline a sent PO (supplier)', body: ReasonBody },
  ];
  for (const a of actions) {
    app.post<{ Params: IdParams; Body: (ConfirmBody & ReceiveBody) | undefined }>(
      `/v1/purchase-orders/:id/${a.path}`,
      { config: { roles: a.roles }, schema: { tags: ['purchase orders'], summary: a.summary, params: IdParams, body: Type.Optional(a.body), response: { 200: PurchaseOrder } } },
      async (req) => {
        const b = req.body ?? {};
        const opts: TransitionOptions = {
          reason: b.reason ?? null,
          ...(b.expectedAt !== undefined ? { expectedAt: epochS(b.expectedAt) } : {}),
          ...(b.lines !== undefined ? { received: b.lines } : {}),
        };
        const v = await transitionPurchaseOrder(ctx, actorOf(req), req.params.id, a.to, opts);
        return presentPurchaseOrder(v.po, v.lines);
      },
    );
  }
}

// Orders: intake (idempotent), reads, events, operator transitions, cancellation.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../domain/actor.js';
import type { OrderState as OrderStateName } from '../../domain/order-states.js';
import { requestHash } from '../../domain/idempotency.js';
import { placeOrderIdempotent } from '../../domain/order-intake.js';
import { getOrder, listOrderEvents, listOrders, transitionOrder } from '../../domain/orders.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { PageEnvelope, PageQuery, pageBody, pageRequest } from '../pagination.js';
import { epochS, presentOrder, presentOrderEvent } from '../present.js';
import { CancelBody, IdParams, Order, OrderCreate, OrderEvent, OrderListQuery, TransitionBody } from '../schemas.js';

const SELF = ['operator', 'customer'] as const;

const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 255, description: 'a repeat with the same key and body returns the first answer' }),
  ),
});

/** Idempotency keys are scoped per caller, so two clients can never collide on a key. */
export const idempotencyScope = (operation: string, actor: Actor): string =>
  `${operation}:${actor.role}:${actor.subjectId ?? actor.via}`;

export function registerOrderRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.post<{ Body: OrderCreate; Headers: { 'idempotency-key'?: string } }>(
    '/v1/orders',
    {
      config: { roles: SELF },
      schema: {
        tags: ['orders'],
        summary: 'Place an order: allocates a hub and reserves stock in one transaction',
        headers: IdempotencyHeaders,
        body: OrderCreate,
        response: { 201: Order },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const body = req.body;
      const customerId = body.customerId ?? (actor.role === 'customer' ? actor.subjectId : undefined);
      if (!customerId) throw new ApiError('validation_failed', 'customerId is required', { in: 'body', path: '/customerId' });
      const key = req.headers['idempotency-key'];
      const ref = key ? { scope: idempotencyScope('orders.create', actor), key, hash: requestHash(body) } : undefined;
      const answer = await placeOrderIdempotent(
        ctx,
        actor,
        { customerId, addressId: body.addressId, lines: body.lines, windowStart: epochS(body.window.start), windowEnd: epochS(body.window.end) },
        { ...(body.mode ? { mode: body.mode as 'drone' | 'van' } : {}), ...(body.quoteId ? { quoteId: body.quoteId } : {}) },
        ref,
        (placed) => presentOrder(placed.order, placed.lines),
      );
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(answer.status).header('location', `/v1/orders/${answer.body.id}`).send(answer.body);
    },
  );

  app.get<{ Querystring: OrderListQuery }>(
    '/v1/orders',
    {
      config: { roles: SELF },
      schema: { tags: ['orders'], summary: 'List orders (filters: state, hubId, customerId)', querystring: OrderListQuery, response: { 200: PageEnvelope(Order) } },
    },
    async (req) => {
      const q = req.query;
      const page = await listOrders(ctx, actorOf(req), { state: q.state, hubId: q.hubId, customerId: q.customerId }, pageRequest(q));
      return pageBody(page, (o) => presentOrder(o));
    },
  );

  app.get<{ Params: IdParams }>(
    '/v1/orders/:id',
    { config: { roles: SELF }, schema: { tags: ['orders'], summary: 'Get an order with its lines', params: IdParams, response: { 200: Order } } },
    async (req) => {
      const o = await getOrder(ctx, actorOf(req), req.params.id);
      return presentOrder(o.order, o.lines);
    },
  );

  app.get<{ Params: IdParams; Querystring: PageQuery }>(
    '/v1/orders/:id/events',
    {
      config: { roles: SELF },
      schema: { tags: ['orders'], summary: 'State changes of an order, oldest first', params: IdParams, querystring: PageQuery, response: { 200: PageEnvelope(OrderEvent) } },
    },
    async (req) => pageBody(await listOrderEvents(ctx, actorOf(req), req.params.id, pageRequest(req.query)), presentOrderEvent),
  );

  app.post<{ Params: IdParams; Body: TransitionBody }>(
    '/v1/orders/:id/transitions',
    {
      schema: {
        tags: ['orders'],
        summary: 'Operator state change (ready, dispatched, delivered, failed, returned, cancelled)',
        params: IdParams,
        body: TransitionBody,
        response: { 200: Order },
      },
    },
    async (req) => {
      const o = await transitionOrder(ctx, actorOf(req), req.params.id, req.body.to as OrderStateName, req.body.reason ?? null);
      return presentOrder(o.order, o.lines);
    },
  );

  app.post<{ Params: IdParams; Body: CancelBody | undefined }>(
    '/v1/orders/:id/cancel',
    {
      config: { roles: SELF },
      schema: { tags: ['orders'], summary: 'Cancel an order before dispatch; releases its reserved stock', params: IdParams, body: Type.Optional(CancelBody), response: { 200: Order } },
    },
    async (req) => {
      const o = await transitionOrder(ctx, actorOf(req), req.params.id, 'cancelled', req.body?.reason ?? null);
      return presentOrder(o.order, o.lines);
    },
  );
}


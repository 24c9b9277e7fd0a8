// Hubs (operator) and their stock levels and adjustments (operator).
import type { FastifyInstance } from 'fastify';
import { createHub, adjustStock } from '../../domain/catalog.js';
import { notFound } from '../../domain/errors.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { PageEnvelope, PageQuery, encodeCursor, pageBody, pageRequest } from '../pagination.js';
import { presentHub, presentStock } from '../present.js';
import { Hub, HubCreate, IdParams, StockAdjust, StockLevel } from '../schemas.js';

export function registerHubRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.post<{ Body: HubCreate }>(
    '/v1/hubs',
    { schema: { tags: ['hubs'], summary: 'Create a hub', body: HubCreate, response: { 201: Hub } } },
    async (req, reply) => {
      const hub = await createHub(ctx, actorOf(req), { launchPads: 0, chargers: 0, ...req.body });
      return reply.status(201).send(presentHub(hub));
    },
  );

  app.get<{ Querystring: PageQuery }>(
    '/v1/hubs',
    { schema: { tags: ['hubs'], summary: 'List hubs', querystring: PageQuery, response: { 200: PageEnvelope(Hub) } } },
    async (req) => pageBody(await ctx.store.repos.hubs.list(pageRequest(req.query)), presentHub),
  );

  app.get<{ Params: IdParams }>(
    '/v1/hubs/:id',
    { schema: { tags: ['hubs'], summary: 'Get a hub', params: IdParams, response: { 200: Hub } } },
    async (req) => {
      const hub = await ctx.store.repos.hubs.get(req.params.id);
      if (!hub) throw notFound('hub', req.params.id);
      return presentHub(hub);
    },
  );

  app.get<{ Params: IdParams; Querystring: PageQuery }>(
    '/v1/hubs/:id/stock',
    {
      schema: { tags: ['stock'], summary: 'Stock levels at a hub', params: IdParams, querystring: PageQuery, response: { 200: PageEnvelope(StockLevel) } },
    },
    async (req) => {
      const hub = await ctx.store.repos.hubs.get(req.params.id);
      if (!hub) throw notFound('hub', req.params.id);
      const page = pageRequest(req.query);
      const rows = await ctx.store.repos.stock.listForHub(hub.id, page.afterId, page.limit + 1);
      const items = rows.slice(0, page.limit);
      return { data: items.map(presentStock), nextCursor: rows.length > page.limit ? encodeCursor(items[items.length - 1]!.productId) : null };
    },
  );

  app.post<{ Params: IdParams; Body: StockAdjust }>(
    '/v1/hubs/:id/stock/adjustments',
    {
      schema: {
        tags: ['stock'],
        summary: 'Adjust on-hand stock (goods in, write-off, count correction)',
        params: IdParams,
        body: StockAdjust,
        response: { 200: StockLevel },
      },
    },
    async (req) => presentStock(await adjustStock(ctx, actorOf(req), { hubId: req.params.id, ...req.body })),
  );
}


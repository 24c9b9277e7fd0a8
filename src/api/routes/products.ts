// Product catalogue: operators create; operators and customers read.
import type { FastifyInstance } from 'fastify';
import { createProduct } from '../../domain/catalog.js';
import { notFound } from '../../domain/errors.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { PageEnvelope, PageQuery, pageBody, pageRequest } from '../pagination.js';
import { presentProduct } from '../present.js';
import { IdParams, Product, ProductCreate } from '../schemas.js';

const READERS = ['operator', 'customer'] as const;

export function registerProductRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.post<{ Body: ProductCreate }>(
    '/v1/products',
    { schema: { tags: ['products'], summary: 'Create a product', body: ProductCreate, response: { 201: Product } } },
    async (req, reply) => reply.status(201).send(presentProduct(await createProduct(ctx, actorOf(req), req.body))),
  );

  app.get<{ Querystring: PageQuery }>(
    '/v1/products',
    { config: { roles: READERS }, schema: { tags: ['products'], summary: 'List products', querystring: PageQuery, response: { 200: PageEnvelope(Product) } } },
    async (req) => pageBody(await ctx.store.repos.products.list(pageRequest(req.query)), presentProduct),
  );

  app.get<{ Params: IdParams }>(
    '/v1/products/:id',
    { config: { roles: READERS }, schema: { tags: ['products'], summary: 'Get a product', params: IdParams, response: { 200: Product } } },
    async (req) => {
      const p = await ctx.store.repos.products.get(req.params.id);
      if (!p) throw notFound('product', req.params.id);
      return presentProduct(p);
    },
  );
}

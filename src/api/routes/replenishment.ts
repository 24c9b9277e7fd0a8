// Suppliers, reorder rules and the replenishment run (operators; a supplier reads its own record).
import type { FastifyInstance } from 'fastify';
import type { ReorderRuleRow, SupplierRow } from '../../store/index.js';
import { createReorderRule, listReorderRules, runReplenishment, ruleView, updateReorderRule } from '../../domain/replenishment.js';
import { createSupplier, getSupplier, listSuppliers } from '../../domain/suppliers.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { PageEnvelope, PageQuery, pageBody, pageRequest } from '../pagination.js';
import { iso } from '../present.js';
import { IdParams } from '../schemas.js';
import {
  ReorderRule,
  ReorderRuleCreate,
  ReorderRuleListQuery,
  ReorderRulePatch,
  ReplenishmentDecision,
  ReplenishmentRun,
  Supplier,
  SupplierCreate,
} from '../schemas/replenishment.js';
import { Type } from '@sinclair/typebox';

export const presentSupplier = (s: SupplierRow) => ({ ...s, createdAt: iso(s.createdAt) });

export function presentRule(r: ReorderRuleRow) {
  const v = ruleView(r);
  return { id: r.id, hubId: r.hubId, productId: r.productId, supplierId: r.supplierId, min: v.min, max: v.max, unitCostMinor: r.unitCostMinor, enabled: r.enabled, createdAt: iso(r.createdAt) };
}

export function registerReplenishmentRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.post<{ Body: SupplierCreate }>(
    '/v1/suppliers',
    { schema: { tags: ['replenishment'], summary: 'Create a supplier', body: SupplierCreate, response: { 201: Supplier } } },
    async (req, reply) =>
      reply.status(201).send(presentSupplier(await createSupplier(ctx, { name: req.body.name, email: req.body.email ?? null, leadTimeS: req.body.leadTimeS ?? 86_400 }))),
  );

  app.get<{ Querystring: PageQuery }>(
    '/v1/suppliers',
    { schema: { tags: ['replenishment'], summary: 'List suppliers', querystring: PageQuery, response: { 200: PageEnvelope(Supplier) } } },
    async (req) => pageBody(await listSuppliers(ctx, pageRequest(req.query)), presentSupplier),
  );

  app.get<{ Params: IdParams }>(
    '/v1/suppliers/:id',
    { config: { roles: ['operator', 'supplier'] }, schema: { tags: ['replenishment'], summary: 'Get a supplier (a supplier: only itself)', params: IdParams, response: { 200: Supplier } } },
    async (req) => presentSupplier(await getSupplier(ctx, actorOf(req), req.params.id)),
  );

  app.post<{ Body: ReorderRuleCreate }>(
    '/v1/reorder-rules',
    { schema: { tags: ['replenishment'], summary: 'Create the reorder rule (min/max) of a hub and SKU', body: ReorderRuleCreate, response: { 201: ReorderRule } } },
    async (req, reply) => reply.status(201).send(presentRule((await createReorderRule(ctx, req.body)).rule)),
  );

  app.get<{ Querystring: ReorderRuleListQuery }>(
    '/v1/reorder-rules',
    { schema: { tags: ['replenishment'], summary: 'List reorder rules (filters: hubId, supplierId)', querystring: ReorderRuleListQuery, response: { 200: PageEnvelope(ReorderRule) } } },
    async (req) => pageBody(await listReorderRules(ctx, { hubId: req.query.hubId, supplierId: req.query.supplierId }, pageRequest(req.query)), presentRule),
  );

  app.patch<{ Params: IdParams; Body: ReorderRulePatch }>(
    '/v1/reorder-rules/:id',
    { schema: { tags: ['replenishment'], summary: 'Change a reorder rule', params: IdParams, body: ReorderRulePatch, response: { 200: ReorderRule } } },
    async (req) => presentRule((await updateReorderRule(ctx, req.params.id, req.body)).rule),
  );

  app.post<{ Body: ReplenishmentRun | undefined }>(
    '/v1/replenishment/run',
    {
      schema: {
        tags: ['replenishment'],
        summary: 'Check every reorder rule now (or one hub’s) and raise purchase orders where available < min',
        body: Type.Optional(ReplenishmentRun),
        response: { 200: Type.Object({ decisions: Type.Array(ReplenishmentDecision) }) },
      },
    },
    async (req) => ({ decisions: await runReplenishment(ctx, actorOf(req), req.body?.hubId) }),
  );
}

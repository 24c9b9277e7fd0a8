// Webhook subscriptions (operators: any event; customers and suppliers: the events naming them)
// and the delivery log with every attempt.
import type { FastifyInstance } from 'fastify';
import { createSubscription, deleteSubscription, getSubscription, listDeliveries, listSubscriptions, updateSubscription, type DeliveryView } from '../../domain/webhooks.js';
import type { WebhookSubscriptionRow } from '../../store/index.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { PageEnvelope, PageQuery, pageBody, pageRequest } from '../pagination.js';
import { iso } from '../present.js';
import { IdParams } from '../schemas.js';
import { Webhook, WebhookCreate, WebhookDelivery, WebhookPatch } from '../schemas/webhooks.js';

const SUBSCRIBERS = ['operator', 'customer', 'supplier'] as const;

export function presentWebhook(s: WebhookSubscriptionRow, withSecret = false) {
  return {
    id: s.id,
    url: s.url,
    eventTypes: s.eventTypes,
    active: s.active,
    owner: { role: s.ownerRole, subjectId: s.ownerSubjectId },
    createdAt: iso(s.createdAt),
    ...(withSecret ? { secret: s.secret } : {}),
  };
}

export function presentDelivery({ delivery: d, attempts }: DeliveryView) {
  return {
    id: d.id,
    eventId: d.outboxId,
    eventType: d.eventType,
    state: d.state,
    attempts: d.attempts,
    nextAttemptAt: d.state === 'pending' ? iso(d.nextAttemptAt) : null,
    deliveredAt: d.deliveredAt === null ? null : iso(d.deliveredAt),
    createdAt: iso(d.createdAt),
    attemptLog: attempts.map((a) => ({ attemptNo: a.attemptNo, at: iso(a.at), statusCode: a.statusCode, error: a.error, durationMs: a.durationMs })),
  };
}

export function registerWebhookRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.post<{ Body: WebhookCreate }>(
    '/v1/webhooks',
    {
      config: { roles: SUBSCRIBERS },
      schema: { tags: ['webhooks'], summary: 'Subscribe a URL to events; the answer holds the signing secret (only this once)', body: WebhookCreate, response: { 201: Webhook } },
    },
    async (req, reply) => {
      const s = await createSubscription(ctx, actorOf(req), req.body);
      return reply.status(201).header('location', `/v1/webhooks/${s.id}`).send(presentWebhook(s, true));
    },
  );

  app.get<{ Querystring: PageQuery }>(
    '/v1/webhooks',
    { config: { roles: SUBSCRIBERS }, schema: { tags: ['webhooks'], summary: 'List subscriptions (operators: all; others: their own)', querystring: PageQuery, response: { 200: PageEnvelope(Webhook) } } },
    async (req) => pageBody(await listSubscriptions(ctx, actorOf(req), pageRequest(req.query)), (s) => presentWebhook(s)),
  );

  app.get<{ Params: IdParams }>(
    '/v1/webhooks/:id',
    { config: { roles: SUBSCRIBERS }, schema: { tags: ['webhooks'], summary: 'Get a subscription', params: IdParams, response: { 200: Webhook } } },
    async (req) => presentWebhook(await getSubscription(ctx, actorOf(req), req.params.id)),
  );

  app.patch<{ Params: IdParams; Body: WebhookPatch }>(
    '/v1/webhooks/:id',
    { config: { roles: SUBSCRIBERS }, schema: { tags: ['webhooks'], summary: 'Change URL or event types, or deactivate (active: false drops pending deliveries)', params: IdParams, body: WebhookPatch, response: { 200: Webhook } } },
    async (req) => presentWebhook(await updateSubscription(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.delete<{ Params: IdParams }>(
    '/v1/webhooks/:id',
    { config: { roles: SUBSCRIBERS }, schema: { tags: ['webhooks'], summary: 'Unsubscribe (deactivates; the delivery log stays readable)', params: IdParams } },
    async (req, reply) => {
      await deleteSubscription(ctx, actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get<{ Params: IdParams; Querystring: PageQuery }>(
    '/v1/webhooks/:id/deliveries',
    {
      config: { roles: SUBSCRIBERS },
      schema: { tags: ['webhooks'], summary: 'Deliveries of a subscription with every attempt (status code, error, duration, time)', params: IdParams, querystring: PageQuery, response: { 200: PageEnvelope(WebhookDelivery) } },
    },
    async (req) => pageBody(await listDeliveries(ctx, actorOf(req), req.params.id, pageRequest(req.query)), presentDelivery),
  );
}

// Delivery promise: POST /v1/quotes (operator, or a customer for their own address), GET /v1/quotes/:id.
import type { FastifyInstance } from 'fastify';
import { createQuote, getQuote, type Quote as DomainQuote } from '../../domain/quotes.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { epochS, iso } from '../present.js';
import { IdParams } from '../schemas.js';
import { Quote, QuoteCreate } from '../schemas/drones.js';

const SELF = ['operator', 'customer'] as const;
const isoOrNull = (s: number | null) => (s === null ? null : iso(s));

export function presentQuote(q: DomainQuote) {
  const r = q.row;
  return {
    id: r.id,
    customerId: r.customerId,
    addressId: r.addressId,
    hubId: r.hubId,
    lines: r.lines as Array<{ sku: string; quantity: number }>,
    window: r.windowStart !== null && r.windowEnd !== null ? { start: iso(r.windowStart), end: iso(r.windowEnd) } : null,
    recommendedMode: q.recommendedMode,
    modes: q.modes.map((m) => ({ ...m, eta: isoOrNull(m.eta), departAt: isoOrNull(m.departAt) })),
    createdAt: iso(r.createdAt),
    expiresAt: iso(r.expiresAt),
  };
}

export function registerQuoteRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.post<{ Body: QuoteCreate }>(
    '/v1/quotes',
    {
      config: { roles: SELF },
      schema: {
        tags: ['quotes'],
        summary: 'Delivery promise: each mode (drone, van) with eligibility, reasons and earliest ETA; cite its id when ordering',
        body: QuoteCreate,
        response: { 201: Quote },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const q = await createQuote(ctx, actorOf(req), {
        ...(b.customerId !== undefined ? { customerId: b.customerId } : {}),
        addressId: b.addressId,
        lines: b.lines,
        ...(b.window ? { window: { start: epochS(b.window.start), end: epochS(b.window.end) } } : {}),
      });
      return reply.status(201).header('location', `/v1/quotes/${q.row.id}`).send(presentQuote(q));
    },
  );

  app.get<{ Params: IdParams }>(
    '/v1/quotes/:id',
    { config: { roles: SELF }, schema: { tags: ['quotes'], summary: 'Get a quote', params: IdParams, response: { 200: Quote } } },
    async (req) => presentQuote(await getQuote(ctx, actorOf(req), req.params.id)),
  );
}

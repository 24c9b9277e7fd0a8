// Customer tracking without an account: operators (or the order's customer) get a tracking
// link for an order; anyone holding the link reads the public tracking view with it.
//   GET /v1/orders/{id}/tracking-link   → { orderId, token, path, url }
//   GET /v1/track/{orderId}?t={token}   → the public view (no API key; wrong token = 404)
//   GET /v1/track/{orderId}/stream?t=   → the same view as Server-Sent Events, sent again on each
//                                         event of the order (state, ETA, vehicle arrival)
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DomainContext } from '../../domain/context.js';
import { getOrder } from '../../domain/orders.js';
import { getPublicTracking, type PublicTracking } from '../../domain/public-tracking.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { iso } from '../present.js';
import { IdParams, Iso } from '../schemas.js';
import { type OutboxTail, serverStreams } from '../sse-tail.js';
import { TrackingTokens, trackingSecretProblem } from '../tracking-token.js';

const NullableIso = Type.Union([Iso, Type.Null()]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const TrackingLink = Type.Object({
  orderId: Type.String(),
  token: Type.String({ description: 'per-order token (HMAC of the order id under the server secret)' }),
  path: Type.String({ description: '/track/{orderId}?t={token}' }),
  url: Type.String({ description: 'absolute URL of the tracking page (RELAIS_PUBLIC_URL, else the request host)' }),
});

export const PublicTrackingView = Type.Object({
  orderId: Type.String(),
  state: Type.String(),
  stage: Type.Union(['received', 'preparing', 'on_the_way', 'delivered', 'failed', 'returned', 'cancelled'].map((s) => Type.Literal(s))),
  window: Type.Object({ start: Iso, end: Iso }),
  eta: NullableIso,
  destination: Nullable(Type.Object({ lon: Type.Number(), lat: Type.Number() })),
  vehicle: Nullable(Type.Object({ kind: Type.String(), lon: Type.Number(), lat: Type.Number(), at: NullableIso }, { description: 'only while the order is on its way' })),
  dropoff: Nullable(Type.Object({ kind: Type.String(), instructions: Type.Union([Type.String(), Type.Null()]) })),
  access: Nullable(
    Type.Object({ deviceKind: Type.String(), state: Type.String(), validFrom: Iso, validUntil: Iso, usedAt: NullableIso }, { description: 'smart-home one-time access grant' }),
  ),
  proofOfDelivery: Nullable(Type.Object({ at: Iso, method: Type.Union([Type.String(), Type.Null()]), photoUrl: Type.Union([Type.String(), Type.Null()]) })),
  events: Type.Array(Type.Object({ state: Type.String(), at: Iso })),
  updatedAt: Iso,
  asOf: Type.String({ format: 'date-time', description: 'the server clock when this view was made: relative times ("in 10 min") count from it' }),
});

const TrackQuery = Type.Object({ t: Type.String({ minLength: 1, maxLength: 64, description: 'the tracking token' }) }, { additionalProperties: false });
const TrackParams = Type.Object({ orderId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

function publicBase(req: FastifyRequest): string {
  const configured = process.env.RELAIS_PUBLIC_URL?.trim();
  if (configured) return configured.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}

export function registerTrackRoutes(app: FastifyInstance, { ctx }: ApiDeps, given?: TrackingTokens): void {
  // Without a given one: RELAIS_TRACKING_SECRET, else the secret kept in the database, read on
  // first use (a failed read is retried by the next request).
  const problem = given ? null : trackingSecretProblem();
  if (problem) throw new Error(problem); // `relais serve` reports it earlier, as a configuration error
  let loading: Promise<TrackingTokens> | null = given ? Promise.resolve(given) : null;
  const tokensP = () =>
    (loading ??= TrackingTokens.fromEnvOrStore(ctx).catch((err: unknown) => {
      loading = null;
      throw err;
    }));

  app.get<{ Params: IdParams }>(
    '/v1/orders/:id/tracking-link',
    {
      config: { roles: ['operator', 'customer'] },
      schema: { tags: ['tracking'], summary: 'The customer tracking page link of an order (operators, or the order’s customer)', params: IdParams, response: { 200: TrackingLink } },
    },
    async (req) => {
      const { order } = await getOrder(ctx, actorOf(req), req.params.id); // 404 for another customer's order
      const token = (await tokensP()).tokenFor(order.id);
      const path = `/track/${order.id}?t=${token}`;
      return { orderId: order.id, token, path, url: `${publicBase(req)}${path}` };
    },
  );

  app.get<{ Params: { orderId: string }; Querystring: { t: string } }>(
    '/v1/track/:orderId',
    {
      config: { public: true },
      schema: {
        tags: ['tracking'],
        summary: 'Public tracking view of one order, for the holder of its tracking token (no API key)',
        security: [],
        params: TrackParams,
        querystring: TrackQuery,
        response: { 200: PublicTrackingView },
      },
    },
    async (req, reply) => {
      // A wrong token and an unknown order read the same, so links cannot be used to probe ids.
      if (!(await tokensP()).verify(req.params.orderId, req.query.t)) throw new ApiError('not_found', 'no order matches this tracking link', {});
      const v = await getPublicTracking(ctx, req.params.orderId);
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return presentTracking(v);
    },
  );

  const { tail, open } = serverStreams(app, ctx);
  app.get<{ Params: { orderId: string }; Querystring: { t: string } }>(
    '/v1/track/:orderId/stream',
    {
      config: { public: true },
      schema: {
        tags: ['tracking'],
        summary: 'The public tracking view as Server-Sent Events (event: tracking), sent now and after each event of the order',
        security: [],
        params: TrackParams,
        querystring: TrackQuery,
        response: { 200: { description: 'text/event-stream; data: the public tracking view', content: { 'text/event-stream': { schema: { type: 'string' } } } } },
      },
    },
    async (req, reply) => {
      const orderId = req.params.orderId;
      if (!(await tokensP()).verify(orderId, req.query.t)) throw new ApiError('not_found', 'no order matches this tracking link', {});
      const first = await getPublicTracking(ctx, orderId);
      await streamTracking(ctx, tail, open, req, reply, orderId, first);
    },
  );
}

const HEARTBEAT_MS = 15_000;

/** Writes the view now, then again whenever an outbox row concerns the order, until the client goes. */
async function streamTracking(
  ctx: DomainContext,
  tail: OutboxTail,
  open: Set<FastifyReply>,
  req: FastifyRequest,
  reply: FastifyReply,
  orderId: string,
  first: PublicTracking,
): Promise<void> {
  reply.hijack();
  reply.raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'referrer-policy': 'no-referrer',
  });
  let closed = false;
  // Nothing is written once the client left or the closing server ended the stream.
  const write = (text: string) => {
    if (!closed && !reply.raw.writableEnded && !reply.raw.destroyed) reply.raw.write(text);
  };
  const send = (v: PublicTracking) => write(`event: tracking\ndata: ${JSON.stringify(presentTracking(v))}\n\n`);
  write('retry: 3000\n\n');
  send(first);
  open.add(reply); // from here on, a closing server ends this stream
  // Cleanup is registered before any await, so a client leaving early is never missed.
  let unsubscribe = () => {};
  const heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
  const cleanup = () => {
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    open.delete(reply);
  };
  req.raw.on('close', cleanup);
  // Views are rebuilt one at a time, in event order.
  let chain = Promise.resolve();
  unsubscribe = await tail.subscribe((rows) => {
    const relevant = rows.some((r) => r.aggregateId === orderId || (r.payload as Record<string, unknown> | null)?.orderId === orderId);
    if (!relevant) return;
    chain = chain.then(async () => {
      try {
        send(await getPublicTracking(ctx, orderId));
      } catch {
        // the next event or the client's reconnection tries again
      }
    });
  });
  if (closed || reply.raw.writableEnded || reply.raw.destroyed) cleanup(); // gone while we subscribed
}

/** The public view at the edge: ISO 8601 times. */
function presentTracking(v: PublicTracking) {
  return {
    orderId: v.orderId,
    state: v.state,
    stage: v.stage,
    window: { start: iso(v.windowStart), end: iso(v.windowEnd) },
    eta: v.eta === null ? null : iso(v.eta),
    destination: v.destination,
    vehicle: v.vehicle ? { ...v.vehicle, at: v.vehicle.at === null ? null : iso(v.vehicle.at) } : null,
    dropoff: v.dropoff,
    access: v.access
      ? { ...v.access, validFrom: iso(v.access.validFrom), validUntil: iso(v.access.validUntil), usedAt: v.access.usedAt === null ? null : iso(v.access.usedAt) }
      : null,
    proofOfDelivery: v.proof ? { ...v.proof, at: iso(v.proof.at) } : null,
    events: v.events.map((e) => ({ state: e.state, at: iso(e.at) })),
    updatedAt: iso(v.updatedAt),
    asOf: iso(v.asOf),
  };
}

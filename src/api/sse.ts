// Server-Sent Events: `GET /v1/orders/{id}/events/stream` (the order's customer or an operator)
// and `GET /v1/stream` (operators; `?types=order.*,purchase_order.*` narrows it). Each event is
//   id: <outbox seq>   event: <type>   data: {"id","type","createdAt","data"}
// fed from the outbox. Resume: send `Last-Event-ID` (or `?lastEventId=`) and the stream replays
// what came after it. Without it the order stream replays the order's whole history and the
// operator stream starts at the present. A comment line every 15 s keeps proxies from closing it.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../domain/actor.js';
import { eventTypeMatches, eventVisibleTo } from '../domain/event-visibility.js';
import { getOrder } from '../domain/orders.js';
import { webhookEnvelope } from '../domain/outbox-relay.js';
import type { OutboxRow } from '../store/index.js';
import { actorOf } from './auth.js';
import type { ApiDeps } from './deps.js';
import { ApiError } from './errors.js';
import { IdParams } from './schemas.js';
import { type OutboxTail, serverStreams } from './sse-tail.js';

const HEARTBEAT_MS = 15_000;

const StreamQuery = Type.Object(
  {
    lastEventId: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'resume after this event id (same as the Last-Event-ID header)' })),
    types: Type.Optional(Type.String({ maxLength: 500, description: 'comma-separated event types or patterns, e.g. order.*,purchase_order.sent' })),
  },
  { additionalProperties: false },
);
type StreamQuery = { lastEventId?: string; types?: string };

const SseResponse = {
  200: {
    description: 'text/event-stream: `id: <seq>`, `event: <type>`, `data: {id, type, createdAt, data}`',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  },
};

function resumeFrom(req: FastifyRequest<{ Querystring: StreamQuery }>): number | null {
  const header = req.headers['last-event-id'];
  const raw = typeof header === 'string' && header.length ? header : req.query.lastEventId;
  if (raw === undefined) return null;
  if (!/^[0-9]{1,15}$/.test(raw)) throw new ApiError('validation_failed', 'Last-Event-ID must be an event id this stream sent', { in: 'headers', path: '/last-event-id' });
  return Number(raw);
}

interface StreamSpec {
  actor: Actor;
  /** Replay starts after this seq; null = from the present. */
  after: number | null;
  /** Narrow to one order's events (and its replay query). */
  orderId?: string;
  types?: string[];
}

/** Writes one frame unless the client has gone (writing to a destroyed socket would raise). */
const send = (reply: FastifyReply, text: string) => {
  if (!reply.raw.destroyed && !reply.raw.writableEnded) reply.raw.write(text);
};
const write = (reply: FastifyReply, e: OutboxRow) => send(reply, `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(webhookEnvelope(e))}\n\n`);

async function openStream(ctx: ApiDeps['ctx'], tail: OutboxTail, open: Set<FastifyReply>, req: FastifyRequest, reply: FastifyReply, spec: StreamSpec): Promise<void> {
  const wanted = (e: OutboxRow) => {
    if (spec.orderId) {
      const p = e.payload as Record<string, unknown> | null;
      if (e.aggregateId !== spec.orderId && p?.orderId !== spec.orderId) return false;
    }
    if (spec.types && !eventTypeMatches(spec.types, e.type)) return false;
    return eventVisibleTo(spec.actor, e);
  };
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  send(reply, 'retry: 2000\n\n');
  open.add(reply); // from here on, a closing server ends this stream

  // Live rows arriving during the replay are buffered, then sent after it, skipping duplicates.
  let sent = spec.after ?? -1;
  let replaying = true;
  const buffered: OutboxRow[] = [];
  const onRows = (rows: OutboxRow[]) => {
    if (replaying) buffered.push(...rows);
    else for (const r of rows) if (r.seq > sent && wanted(r)) { write(reply, r); sent = r.seq; }
  };
  // Cleanup is registered before any await, so a client leaving early is never missed.
  let gone = false;
  let unsubscribe = () => {};
  const heartbeat = setInterval(() => send(reply, ': ping\n\n'), HEARTBEAT_MS);
  const cleanup = () => {
    gone = true;
    clearInterval(heartbeat);
    unsubscribe();
    open.delete(reply);
  };
  req.raw.on('close', cleanup);
  const unsub = await tail.subscribe(onRows);
  unsubscribe = unsub;
  if (gone || reply.raw.writableEnded || reply.raw.destroyed) {
    cleanup(); // the client left, or the server began closing, while we subscribed
    return;
  }
  try {
    if (spec.after === null && !spec.orderId) sent = tail.position;
    else {
      // Replay up to the tail's position; later rows come from the tail.
      const until = tail.position;
      let from = spec.after ?? 0;
      for (;;) {
        const rows = await ctx.store.repos.webhooks.outboxAfter(from, 500, spec.orderId);
        for (const r of rows) {
          if (r.seq > until) break;
          if (wanted(r)) write(reply, r);
          sent = r.seq;
        }
        if (rows.length < 500 || rows[rows.length - 1]!.seq > until) break;
        from = rows[rows.length - 1]!.seq;
      }
      sent = Math.max(sent, until);
    }
  } catch (err) {
    // The answer is already a stream: end it (the client reconnects with Last-Event-ID) and log.
    req.log.error({ err }, 'SSE replay failed');
    reply.raw.end();
    return;
  } finally {
    replaying = false;
  }
  for (const r of buffered) if (r.seq > sent && wanted(r)) { write(reply, r); sent = r.seq; }
}

export function registerSseRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  const { tail, open } = serverStreams(app, ctx);

  app.get<{ Params: IdParams; Querystring: StreamQuery }>(
    '/v1/orders/:id/events/stream',
    {
      config: { roles: ['operator', 'customer'] },
      schema: { tags: ['streams'], summary: 'Server-Sent Events of one order (its customer or an operator); resumable with Last-Event-ID', params: IdParams, querystring: StreamQuery, response: SseResponse },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      await getOrder(ctx, actor, req.params.id); // 404 for an order that is not theirs
      await openStream(ctx, tail, open, req, reply, { actor, after: resumeFrom(req), orderId: req.params.id, types: req.query.types?.split(',').filter(Boolean) });
    },
  );

  app.get<{ Querystring: StreamQuery }>(
    '/v1/stream',
    {
      schema: { tags: ['streams'], summary: 'Server-Sent Events of every domain event (operators); resumable with Last-Event-ID', querystring: StreamQuery, response: SseResponse },
    },
    async (req, reply) => {
      await openStream(ctx, tail, open, req, reply, { actor: actorOf(req), after: resumeFrom(req), types: req.query.types?.split(',').filter(Boolean) });
    },
  );
}

// Request/response shapes for webhook subscriptions and deliveries.
import { Type, type Static } from '@sinclair/typebox';
import { Iso } from '../schemas.js';

const Strict = { additionalProperties: false } as const;
const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Url = Type.String({ minLength: 8, maxLength: 2000, description: 'http(s) URL receiving POSTs' });
const EventTypes = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
  minItems: 1,
  maxItems: 50,
  description: 'event types or patterns: order.delivered, order.*, purchase_order.sent, *',
});

export const WebhookCreate = Type.Object({ url: Url, eventTypes: EventTypes }, Strict);
export type WebhookCreate = Static<typeof WebhookCreate>;
export const WebhookPatch = Type.Object({ url: Type.Optional(Url), eventTypes: Type.Optional(EventTypes), active: Type.Optional(Type.Boolean()) }, { ...Strict, minProperties: 1 });
export type WebhookPatch = Static<typeof WebhookPatch>;

export const Webhook = Type.Object({
  id: Type.String(),
  url: Type.String(),
  eventTypes: Type.Array(Type.String()),
  active: Type.Boolean(),
  owner: Type.Object({ role: Type.String(), subjectId: Nullable(Type.String()) }),
  createdAt: Iso,
  secret: Type.Optional(Type.String({ description: 'HMAC-SHA256 signing secret; returned only at creation' })),
});

export const WebhookAttempt = Type.Object({
  attemptNo: Type.Integer(),
  at: Iso,
  statusCode: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  durationMs: Nullable(Type.Integer()),
});

export const WebhookDelivery = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  eventType: Type.String(),
  state: Type.String({ description: 'pending | delivered | dead' }),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Iso),
  deliveredAt: Nullable(Iso),
  createdAt: Iso,
  attemptLog: Type.Array(WebhookAttempt),
});

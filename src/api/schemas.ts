// Request and response shapes (TypeBox): one source for validation, TypeScript types and the
// OpenAPI document. Times are ISO 8601 UTC strings at the edge; money in integer minor units.
import { Type, type Static } from '@sinclair/typebox';
import { DROPOFF_KINDS, NOTIFY_CHANNELS } from '../domain/customers.js';
import { ORDER_STATES } from '../domain/order-states.js';

const Strict = { additionalProperties: false } as const;
const lit = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {});

export const Iso = Type.String({ format: 'date-time', description: 'ISO 8601 UTC, e.g. 2026-11-27T14:00:00Z' });
export const Id = (prefix: string) => Type.String({ pattern: `^${prefix}_[0-9A-Za-z]+$`, maxLength: 64 });
export const Lon = Type.Number({ minimum: -180, maximum: 180 });
export const Lat = Type.Number({ minimum: -90, maximum: 90 });
const PosInt = (max = 2_000_000_000) => Type.Integer({ minimum: 1, maximum: max });
const NonNegInt = (max = 2_000_000_000) => Type.Integer({ minimum: 0, maximum: max });
const Text = (max = 200) => Type.String({ minLength: 1, maxLength: max });
const NullableText = (max = 200) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

export const ErrorBody = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Record(Type.String(), Type.Unknown()) }),
});

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, Strict);
export type IdParams = Static<typeof IdParams>;

// ---------------------------------------------------------------- hubs

const OpeningHours = Type.Array(
  Type.Object(
    {
      day: Type.Integer({ minimum: 0, maximum: 6, description: '0 = Sunday' }),
      open: Type.Integer({ minimum: 0, maximum: 86_400, description: 'seconds after midnight UTC' }),
      close: Type.Integer({ minimum: 0, maximum: 86_400 }),
    },
    Strict,
  ),
  { maxItems: 21 },
);

export const HubCreate = Type.Object(
  {
    name: Text(),
    lon: Lon,
    lat: Lat,
    serviceRadiusM: PosInt(200_000),
    openingHours: OpeningHours,
    launchPads: Type.Optional(NonNegInt(1000)),
    chargers: Type.Optional(NonNegInt(1000)),
  },
  Strict,
);
export type HubCreate = Static<typeof HubCreate>;

export const Hub = Type.Object({
  id: Type.String(),
  name: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  serviceRadiusM: Type.Integer(),
  openingHours: Type.Array(Type.Object({ day: Type.Integer(), open: Type.Integer(), close: Type.Integer() })),
  launchPads: Type.Integer(),
  chargers: Type.Integer(),
  createdAt: Iso,
});

// ---------------------------------------------------------------- products

export const ProductCreate = Type.Object(
  {
    sku: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }),
    name: Text(),
    weightG: PosInt(1_000_000),
    lengthMm: PosInt(10_000),
    widthMm: PosInt(10_000),
    heightMm: PosInt(10_000),
    priceMinor: NonNegInt(),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  },
  Strict,
);
export type ProductCreate = Static<typeof ProductCreate>;

export const Product = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  name: Type.String(),
  weightG: Type.Integer(),
  lengthMm: Type.Integer(),
  widthMm: Type.Integer(),
  heightMm: Type.Integer(),
  priceMinor: Type.Integer(),
  currency: Type.String(),
  createdAt: Iso,
});

// ---------------------------------------------------------------- stock

export const StockAdjust = Type.Object(
  {
    sku: Type.String({ minLength: 1, maxLength: 64 }),
    delta: Type.Integer({ minimum: -1_000_000, maximum: 1_000_000, not: { const: 0 }, description: 'change of on-hand units' }),
    reason: Text(500),
  },
  Strict,
);
export type StockAdjust = Static<typeof StockAdjust>;

export const StockLevel = Type.Object({
  hubId: Type.String(),
  productId: Type.String(),
  sku: Type.String(),
  onHand: Type.Integer(),
  reserved: Type.Integer(),
  available: Type.Integer(),
  updatedAt: Iso,
});

// ---------------------------------------------------------------- customers

export const CustomerCreate = Type.Object(
  {
    name: Text(),
    email: Type.Optional(NullableText(320)),
    phone: Type.Optional(NullableText(40)),
    notifyChannel: Type.Optional(lit(NOTIFY_CHANNELS)),
  },
  Strict,
);
export type CustomerCreate = Static<typeof CustomerCreate>;

export const Customer = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  notifyChannel: Type.String(),
  createdAt: Iso,
});

export const AddressCreate = Type.Object(
  {
    label: Type.Optional(NullableText(100)),
    line1: Text(),
    city: Text(100),
    postcode: Text(20),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    lon: Lon,
    lat: Lat,
    dropoff: Type.Optional(lit(DROPOFF_KINDS, 'drop-off preference')),
    dropoffNotes: Type.Optional(NullableText(500)),
  },
  Strict,
);
export type AddressCreate = Static<typeof AddressCreate>;

export const Address = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  line1: Type.String(),
  city: Type.String(),
  postcode: Type.String(),
  country: Type.String(),
  lon: Type.Number(),
  lat: Type.Number(),
  dropoff: Type.String(),
  dropoffNotes: Type.Union([Type.String(), Type.Null()]),
  createdAt: Iso,
});

// ---------------------------------------------------------------- orders

export const OrderCreate = Type.Object(
  {
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'required for operators; customers order for themselves' })),
    addressId: Type.String({ minLength: 1, maxLength: 64 }),
    lines: Type.Array(Type.Object({ sku: Type.String({ minLength: 1, maxLength: 64 }), quantity: PosInt(10_000) }, Strict), {
      minItems: 1,
      maxItems: 100,
    }),
    window: Type.Object({ start: Iso, end: Iso }, Strict),
    mode: Type.Optional(lit(['drone', 'van'] as const, 'delivery mode; drone needs quoteId')), quoteId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a quote from POST /v1/quotes for the same address and lines' })),
  },
  Strict,
);
export type OrderCreate = Static<typeof OrderCreate>;

export const OrderState = lit(ORDER_STATES);

export const Order = Type.Object({
  id: Type.String(),
  state: Type.String(),
  customerId: Type.String(),
  addressId: Type.String(),
  hubId: Type.Union([Type.String(), Type.Null()]),
  window: Type.Object({ start: Iso, end: Iso }),
  lines: Type.Optional(
    Type.Array(
      Type.Object({ lineNo: Type.Integer(), sku: Type.String(), productId: Type.String(), quantity: Type.Integer(), unitPriceMinor: Type.Integer() }),
    ),
  ),
  totalMinor: Type.Integer(),
  currency: Type.String(),
  weightG: Type.Integer(),
  createdAt: Iso,
  updatedAt: Iso,
  mode: Type.String({ description: 'drone | van' }), quoteId: Type.Union([Type.String(), Type.Null()]),
});

export const OrderListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    state: Type.Optional(OrderState),
    hubId: Type.Optional(Type.String({ maxLength: 64 })),
    customerId: Type.Optional(Type.String({ maxLength: 64 })),
  },
  Strict,
);
export type OrderListQuery = Static<typeof OrderListQuery>;

export const OrderEvent = Type.Object({
  id: Type.String(),
  orderId: Type.String(),
  from: Type.Union([Type.String(), Type.Null()]),
  to: Type.String(),
  actor: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  at: Iso,
});

export const TransitionBody = Type.Object({ to: OrderState, reason: Type.Optional(Type.String({ maxLength: 500 })) }, Strict);
export type TransitionBody = Static<typeof TransitionBody>;
export const CancelBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 500 })) }, Strict);
export type CancelBody = Static<typeof CancelBody>;

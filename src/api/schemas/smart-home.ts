// Request/response shapes for smart-home devices and access grants.
import { Type, type Static } from '@sinclair/typebox';
import { ADAPTER_NAMES } from '../../domain/smart-home/adapters.js';
import { DEVICE_KINDS } from '../../domain/smart-home/devices.js';
import { GRANT_STATES } from '../../domain/smart-home/grants.js';
import { Iso } from '../schemas.js';

const Strict = { additionalProperties: false } as const;
const Nullable = <T extends import('@sinclair/typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);
const lit = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const RefId = Type.String({ minLength: 1, maxLength: 64 });

export const DeviceCreate = Type.Object(
  {
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'required for operators; customers register their own' })),
    addressId: RefId,
    kind: lit(DEVICE_KINDS),
    adapter: lit(ADAPTER_NAMES),
    vendorDeviceId: Type.String({ minLength: 1, maxLength: 200 }),
    endpointUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: 'required for the webhook adapter' }))),
    label: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  },
  Strict,
);
export type DeviceCreate = Static<typeof DeviceCreate>;

export const DevicePatch = Type.Object(
  {
    label: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    endpointUrl: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    active: Type.Optional(Type.Boolean({ description: 'false revokes the device’s open grants' })),
  },
  { ...Strict, minProperties: 1 },
);
export type DevicePatch = Static<typeof DevicePatch>;

export const Device = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  addressId: Type.String(),
  kind: Type.String(),
  adapter: Type.String(),
  vendorDeviceId: Type.String(),
  endpointUrl: Nullable(Type.String()),
  label: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: Iso,
  secret: Type.Optional(Type.String({ description: 'signs calls to endpointUrl (webhook adapter); returned only at registration' })),
});

export const AccessGrant = Type.Object({
  id: Type.String(),
  deviceId: Type.String(),
  orderId: Type.String(),
  vehicleId: Nullable(Type.String()),
  state: Type.String({ description: GRANT_STATES.join(' | ') }),
  validFrom: Iso,
  validUntil: Iso,
  createdAt: Iso,
  usedAt: Nullable(Iso),
  revokedAt: Nullable(Iso),
  code: Type.Optional(Type.String({ description: 'one-time code; returned only when the grant is issued' })),
});

export const AccessGrantIssue = Type.Object(
  { vehicleId: RefId, window: Type.Optional(Type.Object({ start: Iso, end: Iso }, Strict)) },
  Strict,
);
export type AccessGrantIssue = Static<typeof AccessGrantIssue>;

export const AccessGrantUse = Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }) }, Strict);
export type AccessGrantUse = Static<typeof AccessGrantUse>;

export const AccessGrantListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    orderId: Type.Optional(RefId),
    deviceId: Type.Optional(RefId),
    vehicleId: Type.Optional(RefId),
    state: Type.Optional(lit(GRANT_STATES)),
  },
  Strict,
);
export type AccessGrantListQuery = Static<typeof AccessGrantListQuery>;

export const AuditEntry = Type.Object({
  id: Type.String(),
  at: Iso,
  actor: Type.String(),
  action: Type.String(),
  details: Type.Unknown(),
});

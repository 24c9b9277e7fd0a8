// Smart-home drop-off: devices (customers register their own; operators for anyone) and
// one-time access grants (issued at dispatch or by an operator, used by the assigned vehicle).
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { nowS } from '../../domain/context.js';
import { DomainError } from '../../domain/errors.js';
import { defaultLockAdapters, type AdapterName, type LockAdapters } from '../../domain/smart-home/adapters.js';
import { getDevice, listDevices, registerDevice, updateDevice, type DeviceKind } from '../../domain/smart-home/devices.js';
import { accessGrantAudit, getAccessGrant, issueAccessGrantsForStops, listAccessGrants, revokeAccessGrant, useAccessGrant } from '../../domain/smart-home/grants.js';
import type { AccessGrantRow, DeviceRow } from '../../store/index.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { PageEnvelope, PageQuery, pageBody, pageRequest } from '../pagination.js';
import { epochS, iso } from '../present.js';
import { IdParams } from '../schemas.js';
import { AccessGrant, AccessGrantIssue, AccessGrantListQuery, AccessGrantUse, AuditEntry, Device, DeviceCreate, DevicePatch } from '../schemas/smart-home.js';
import { ReasonBody } from '../schemas/replenishment.js';

const OWNERS = ['operator', 'customer'] as const;

export function presentDevice(d: DeviceRow, withSecret = false) {
  return {
    id: d.id,
    customerId: d.customerId,
    addressId: d.addressId,
    kind: d.kind,
    adapter: d.vendor,
    vendorDeviceId: d.vendorDeviceId,
    endpointUrl: d.endpointUrl,
    label: d.label,
    active: d.active,
    createdAt: iso(d.createdAt),
    ...(withSecret && d.secret ? { secret: d.secret } : {}),
  };
}

export function presentGrant(g: AccessGrantRow, code?: string) {
  return {
    id: g.id,
    deviceId: g.deviceId,
    orderId: g.orderId,
    vehicleId: g.vehicleId,
    state: g.state,
    validFrom: iso(g.validFrom),
    validUntil: iso(g.validUntil),
    createdAt: iso(g.createdAt),
    usedAt: g.usedAt === null ? null : iso(g.usedAt),
    revokedAt: g.revokedAt === null ? null : iso(g.revokedAt),
    ...(code ? { code } : {}),
  };
}

/** `adapters` is injectable for tests; the default has the simulated and webhook adapters. */
export function registerSmartHomeRoutes(app: FastifyInstance, { ctx }: ApiDeps, adapters: LockAdapters = defaultLockAdapters()): void {
  app.post<{ Body: DeviceCreate }>(
    '/v1/devices',
    { config: { roles: OWNERS }, schema: { tags: ['smart home'], summary: 'Register a smart lock, garage or locker at a customer address', body: DeviceCreate, response: { 201: Device } } },
    async (req, reply) => {
      const actor = actorOf(req);
      const customerId = req.body.customerId ?? (actor.role === 'customer' ? actor.subjectId : undefined);
      if (!customerId) throw new ApiError('validation_failed', 'customerId is required', { in: 'body', path: '/customerId' });
      const d = await registerDevice(ctx, actor, { ...req.body, kind: req.body.kind as DeviceKind, adapter: req.body.adapter as AdapterName, customerId });
      return reply.status(201).header('location', `/v1/devices/${d.id}`).send(presentDevice(d, true));
    },
  );

  app.get<{ Querystring: PageQuery }>(
    '/v1/devices',
    { config: { roles: OWNERS }, schema: { tags: ['smart home'], summary: 'List devices (customers: their own)', querystring: PageQuery, response: { 200: PageEnvelope(Device) } } },
    async (req) => pageBody(await listDevices(ctx, actorOf(req), pageRequest(req.query)), (d) => presentDevice(d)),
  );

  app.get<{ Params: IdParams }>(
    '/v1/devices/:id',
    { config: { roles: OWNERS }, schema: { tags: ['smart home'], summary: 'Get a device', params: IdParams, response: { 200: Device } } },
    async (req) => presentDevice(await getDevice(ctx, actorOf(req), req.params.id)),
  );

  app.patch<{ Params: IdParams; Body: DevicePatch }>(
    '/v1/devices/:id',
    { config: { roles: OWNERS }, schema: { tags: ['smart home'], summary: 'Change label or endpoint, or deactivate (revokes its open grants)', params: IdParams, body: DevicePatch, response: { 200: Device } } },
    async (req) => presentDevice(await updateDevice(ctx, actorOf(req), req.params.id, req.body)),
  );

  app.delete<{ Params: IdParams }>(
    '/v1/devices/:id',
    { config: { roles: OWNERS }, schema: { tags: ['smart home'], summary: 'Remove a device (deactivates it and revokes its open grants; history stays)', params: IdParams } },
    async (req, reply) => {
      await updateDevice(ctx, actorOf(req), req.params.id, { active: false });
      return reply.status(204).send();
    },
  );

  app.post<{ Params: IdParams; Body: AccessGrantIssue }>(
    '/v1/orders/:id/access-grants',
    {
      schema: {
        tags: ['smart home'],
        summary: 'Issue one-time grants for the order’s devices to a vehicle (dispatch does this itself); codes are returned only here',
        params: IdParams,
        body: AccessGrantIssue,
        response: { 201: Type.Object({ data: Type.Array(AccessGrant) }) },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const issued = await ctx.store.transaction(async (tx) => {
        const order = await tx.orders.get(req.params.id);
        if (!order) throw new DomainError('not_found', `order ${req.params.id} not found`, { kind: 'order', id: req.params.id });
        const window = req.body.window ? { start: epochS(req.body.window.start), end: epochS(req.body.window.end) } : { start: order.windowStart, end: order.windowEnd };
        if (window.end <= nowS(ctx)) throw new DomainError('invalid_window', 'the access window has already ended', { end: iso(window.end) });
        return issueAccessGrantsForStops(ctx, tx, { orderId: order.id, vehicleId: req.body.vehicleId, window }, actor);
      });
      return reply.status(201).send({ data: issued.map((i) => presentGrant(i.grant, i.code)) });
    },
  );

  app.get<{ Querystring: AccessGrantListQuery }>(
    '/v1/access-grants',
    {
      config: { roles: ['operator', 'customer', 'device'] },
      schema: { tags: ['smart home'], summary: 'List access grants (customers: for their devices; a vehicle: its own)', querystring: AccessGrantListQuery, response: { 200: PageEnvelope(AccessGrant) } },
    },
    async (req) => {
      const q = req.query;
      return pageBody(await listAccessGrants(ctx, actorOf(req), { orderId: q.orderId, deviceId: q.deviceId, vehicleId: q.vehicleId, state: q.state }, pageRequest(q)), (g) => presentGrant(g));
    },
  );

  app.get<{ Params: IdParams }>(
    '/v1/access-grants/:id',
    { config: { roles: ['operator', 'customer', 'device'] }, schema: { tags: ['smart home'], summary: 'Get an access grant', params: IdParams, response: { 200: AccessGrant } } },
    async (req) => presentGrant(await getAccessGrant(ctx, actorOf(req), req.params.id)),
  );

  app.post<{ Params: IdParams; Body: AccessGrantUse }>(
    '/v1/access-grants/:id/use',
    {
      config: { roles: ['device'] },
      schema: { tags: ['smart home'], summary: 'The assigned vehicle opens the device with the one-time code (inside the delivery window)', params: IdParams, body: AccessGrantUse, response: { 200: AccessGrant } },
    },
    async (req) => presentGrant(await useAccessGrant(ctx, actorOf(req), req.params.id, req.body.code, adapters)),
  );

  app.post<{ Params: IdParams; Body: ReasonBody | undefined }>(
    '/v1/access-grants/:id/revoke',
    { config: { roles: OWNERS }, schema: { tags: ['smart home'], summary: 'Revoke an issued grant', params: IdParams, body: Type.Optional(ReasonBody), response: { 200: AccessGrant } } },
    async (req) => presentGrant(await revokeAccessGrant(ctx, actorOf(req), req.params.id, req.body?.reason ?? null)),
  );

  app.get<{ Params: IdParams }>(
    '/v1/access-grants/:id/audit',
    {
      config: { roles: ['operator', 'customer'] },
      schema: { tags: ['smart home'], summary: 'Audit trail of a grant: issue, use, refusals, revocation, expiry', params: IdParams, response: { 200: Type.Object({ data: Type.Array(AuditEntry) }) } },
    },
    async (req) => ({ data: (await accessGrantAudit(ctx, actorOf(req), req.params.id)).map((a) => ({ id: a.id, at: iso(a.at), actor: a.actor, action: a.action, details: a.details })) }),
  );
}

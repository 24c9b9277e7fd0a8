// One-time access grants for smart-home drop-off.
//
// Lifecycle: issued → used | revoked | expired. A grant opens one device, only inside the
// delivery window, only for the assigned vehicle, and only with its one-time code (stored as
// sha256; the code is returned once, to whoever issued it, to hand to the vehicle).
// Every issue, use, refusal, revocation and expiry is written to the audit log and to the outbox
// (`access_grant.<state>`; codes never appear in events).
//
// Dispatch calls `issueAccessGrantsForStops(ctx, tx, { orderId, vehicleId, window })` inside its
// own transaction. Cancellation revokes through the outbox reaction to `order.cancelled`
// (outbox-reactions.ts); `expireAccessGrants` is the sweep.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AccessGrantFilter, AccessGrantRow, AuditRow, DeviceRow, Page, PageRequest, Repos } from '../../store/index.js';
import { SYSTEM_ACTOR, actorLabel, type Actor } from '../actor.js';
import type { DomainContext } from '../context.js';
import { nowS } from '../context.js';
import { DomainError, notFound } from '../errors.js';
import type { LockAdapters } from './adapters.js';
import { assertDeviceVisible } from './devices.js';

export const GRANT_STATES = ['issued', 'used', 'revoked', 'expired'] as const;

const hashCode = (code: string): string => createHash('sha256').update(code).digest('hex');

export interface IssuedGrant {
  grant: AccessGrantRow;
  /** The one-time code; shown only here. */
  code: string;
}

interface GrantContext {
  customerId: string;
}

async function record(ctx: DomainContext, tx: Repos, who: string, action: string, grant: AccessGrantRow, extra: GrantContext, details: Record<string, unknown> = {}): Promise<void> {
  const now = nowS(ctx);
  await tx.audit.append({ id: ctx.ids.next('aud'), at: now, actor: who, action: `access_grant.${action}`, entityType: 'access_grant', entityId: grant.id, details: { orderId: grant.orderId, deviceId: grant.deviceId, vehicleId: grant.vehicleId, ...details } });
  if (['issued', 'used', 'revoked', 'expired'].includes(action)) {
    await tx.outbox.append([
      {
        id: ctx.ids.next('obx'),
        type: `access_grant.${action}`,
        aggregateType: 'access_grant',
        aggregateId: grant.id,
        payload: {
          grantId: grant.id,
          orderId: grant.orderId,
          deviceId: grant.deviceId,
          customerId: extra.customerId,
          vehicleId: grant.vehicleId,
          state: action,
          validFrom: grant.validFrom,
          validUntil: grant.validUntil,
          ...details,
          at: now,
        },
        createdAt: now,
      },
    ]);
  }
}

/**
 * Issues one grant per active device at the order's delivery address, valid only inside `window`
 * (epoch seconds) and only for `vehicleId`. Runs in the caller's transaction. Earlier grants of the
 * order that are still open are revoked first (a re-dispatch to another vehicle replaces them).
 * Returns an empty list when the address has no device.
 */
export async function issueAccessGrantsForStops(
  ctx: DomainContext,
  tx: Repos,
  input: { orderId: string; vehicleId: string; window: { start: number; end: number } },
  actor: Actor = SYSTEM_ACTOR,
): Promise<IssuedGrant[]> {
  const order = await tx.orders.get(input.orderId);
  if (!order) throw notFound('order', input.orderId);
  if (!(await tx.vehicles.get(input.vehicleId))) throw new DomainError('unknown_vehicle', `vehicle ${input.vehicleId} does not exist`, { vehicleId: input.vehicleId });
  if (!(input.window.end > input.window.start)) {
    throw new DomainError('invalid_window', 'the access window must end after it starts', { start: input.window.start, end: input.window.end });
  }
  if (['cancelled', 'delivered', 'returned'].includes(order.state)) {
    throw new DomainError('illegal_transition', `no access grant for an order that is ${order.state}`, { state: order.state });
  }
  const now = nowS(ctx);
  const who = actorLabel(actor);
  await revokeIssuedGrantsTx(ctx, tx, actor, { orderId: order.id }, 'replaced by a new grant');
  const out: IssuedGrant[] = [];
  for (const device of await tx.smartHome.activeDevicesAt(order.addressId)) {
    const code = randomBytes(15).toString('base64url');
    const grant: AccessGrantRow = {
      id: ctx.ids.next('agr'),
      deviceId: device.id,
      orderId: order.id,
      vehicleId: input.vehicleId,
      codeHash: hashCode(code),
      validFrom: input.window.start,
      validUntil: input.window.end,
      state: 'issued',
      createdAt: now,
      usedAt: null,
      revokedAt: null,
    };
    await tx.smartHome.insertGrant(grant);
    await record(ctx, tx, who, 'issued', grant, { customerId: device.customerId });
    out.push({ grant, code });
  }
  return out;
}

/** Revokes every issued grant of an order or a device inside `tx`; returns how many. */
export async function revokeIssuedGrantsTx(ctx: DomainContext, tx: Repos, actor: Actor, by: { orderId?: string; deviceId?: string }, reason: string): Promise<number> {
  const now = nowS(ctx);
  let n = 0;
  for (const g of await tx.smartHome.issuedGrantsForUpdate(by)) {
    if (!(await tx.smartHome.setGrantState(g.id, 'issued', 'revoked', { revokedAt: now }))) continue;
    const device = await tx.smartHome.getDevice(g.deviceId);
    await record(ctx, tx, actorLabel(actor), 'revoked', { ...g, state: 'revoked', revokedAt: now }, { customerId: device!.customerId }, { reason });
    n++;
  }
  return n;
}

async function visibleGrant(tx: Repos, actor: Actor, grant: AccessGrantRow | undefined, id: string): Promise<{ grant: AccessGrantRow; device: DeviceRow }> {
  if (!grant) throw notFound('access_grant', id);
  const device = await tx.smartHome.getDevice(grant.deviceId);
  if (actor.role === 'device') {
    if (grant.vehicleId !== actor.subjectId) throw notFound('access_grant', id);
  } else assertDeviceVisible(actor, device, id);
  return { grant, device: device! };
}

export async function getAccessGrant(ctx: DomainContext, actor: Actor, id: string): Promise<AccessGrantRow> {
  const repos = ctx.store.repos;
  return (await visibleGrant(repos, actor, await repos.smartHome.getGrant(id), id)).grant;
}

export async function listAccessGrants(ctx: DomainContext, actor: Actor, filter: AccessGrantFilter, page: PageRequest): Promise<Page<AccessGrantRow>> {
  const f = { ...filter };
  if (actor.role === 'customer') f.customerId = actor.subjectId ?? '';
  if (actor.role === 'device') {
    if (filter.vehicleId && filter.vehicleId !== actor.subjectId) return { items: [] };
    f.vehicleId = actor.subjectId ?? '';
  }
  return ctx.store.repos.smartHome.listGrants(f, page);
}

export async function accessGrantAudit(ctx: DomainContext, actor: Actor, id: string): Promise<AuditRow[]> {
  const repos = ctx.store.repos;
  await visibleGrant(repos, actor, await repos.smartHome.getGrant(id), id);
  return repos.smartHome.auditFor('access_grant', id);
}

/**
 * The assigned vehicle opens the device: checks state, window, vehicle and code, calls the
 * device's adapter while holding the grant's row lock (so the code cannot be used twice), and
 * marks the grant used. Refusals and adapter failures are audited too (in their own write, as the
 * failing transaction rolls back).
 */
export async function useAccessGrant(ctx: DomainContext, actor: Actor, id: string, code: string, adapters: LockAdapters): Promise<AccessGrantRow> {
  try {
    return await ctx.store.transaction(async (tx) => {
      const now = nowS(ctx);
      const { grant, device } = await visibleGrant(tx, actor, await tx.smartHome.getGrantForUpdate(id), id);
      if (actor.role !== 'device') throw new DomainError('forbidden', 'only the assigned vehicle may use an access grant', {});
      if (grant.state !== 'issued') throw new DomainError('grant_not_usable', `access grant ${id} is ${grant.state}`, { state: grant.state });
      if (now < grant.validFrom || now > grant.validUntil) {
        throw new DomainError('grant_outside_window', 'the access grant is valid only inside the delivery window', {
          validFrom: new Date(grant.validFrom * 1000).toISOString(),
          validUntil: new Date(grant.validUntil * 1000).toISOString(),
        });
      }
      const presented = Buffer.from(hashCode(code), 'hex');
      if (!timingSafeEqual(presented, Buffer.from(grant.codeHash, 'hex'))) throw new DomainError('grant_code_invalid', 'wrong access code', {});
      const order = await tx.orders.get(grant.orderId);
      if (!order || ['cancelled', 'delivered', 'returned'].includes(order.state)) {
        throw new DomainError('grant_not_usable', `the order is ${order?.state ?? 'gone'}`, { orderState: order?.state ?? null });
      }
      if (!device.active) throw new DomainError('grant_not_usable', 'the device has been deactivated', {});
      const adapter = adapters[device.vendor as keyof LockAdapters];
      if (!adapter) throw new DomainError('device_unreachable', `no adapter named ${device.vendor}`, { adapter: device.vendor });
      const result = await adapter.unlock(device, grant, now);
      if (!result.ok) throw new DomainError('device_unreachable', `the device did not open: ${result.error}`, { adapter: adapter.name });
      if (!(await tx.smartHome.setGrantState(id, 'issued', 'used', { usedAt: now }))) throw new DomainError('conflict', 'grant changed concurrently', {});
      const used = { ...grant, state: 'used', usedAt: now };
      await record(ctx, tx, actorLabel(actor), 'used', used, { customerId: device.customerId }, { adapter: adapter.name, detail: result.detail });
      return used;
    });
  } catch (err) {
    if (err instanceof DomainError && err.code !== 'not_found') {
      const action = err.code === 'device_unreachable' ? 'use_failed' : 'use_denied';
      await ctx.store.repos.audit.append({ id: ctx.ids.next('aud'), at: nowS(ctx), actor: actorLabel(actor), action: `access_grant.${action}`, entityType: 'access_grant', entityId: id, details: { code: err.code, message: err.message } });
    }
    throw err;
  }
}

/** Operator or the device's owner revokes a grant. */
export async function revokeAccessGrant(ctx: DomainContext, actor: Actor, id: string, reason: string | null): Promise<AccessGrantRow> {
  return ctx.store.transaction(async (tx) => {
    const now = nowS(ctx);
    const { grant, device } = await visibleGrant(tx, actor, await tx.smartHome.getGrantForUpdate(id), id);
    if (actor.role === 'device') throw new DomainError('forbidden', 'a vehicle cannot revoke access grants', {});
    if (grant.state !== 'issued') throw new DomainError('grant_not_usable', `access grant ${id} is ${grant.state}`, { state: grant.state });
    await tx.smartHome.setGrantState(id, 'issued', 'revoked', { revokedAt: now });
    const revoked = { ...grant, state: 'revoked', revokedAt: now };
    await record(ctx, tx, actorLabel(actor), 'revoked', revoked, { customerId: device.customerId }, { reason: reason ?? 'revoked' });
    return revoked;
  });
}

/** The expiry sweep: issued grants whose window has ended become expired. Returns how many. */
export async function expireAccessGrants(ctx: DomainContext, limit = 500): Promise<number> {
  return ctx.store.transaction(async (tx) => {
    const now = nowS(ctx);
    let n = 0;
    for (const g of await tx.smartHome.overdueGrantsForUpdate(now, limit)) {
      if (!(await tx.smartHome.setGrantState(g.id, 'issued', 'expired', {}))) continue;
      const device = await tx.smartHome.getDevice(g.deviceId);
      await record(ctx, tx, actorLabel(SYSTEM_ACTOR), 'expired', { ...g, state: 'expired' }, { customerId: device!.customerId });
      n++;
    }
    return n;
  });
}

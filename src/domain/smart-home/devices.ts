// Smart-home devices (lock, garage, locker) registered by a customer at one of their addresses,
// or by an operator for them. Customers see and change only their own devices.
import { randomBytes } from 'node:crypto';
import type { DeviceRow, Page, PageRequest } from '../../store/index.js';
import { actorLabel, type Actor } from '../actor.js';
import type { DomainContext } from '../context.js';
import { nowS } from '../context.js';
import { DomainError, notFound } from '../errors.js';
import { assertOutboundUrlAllowed } from '../url-guard.js';
import type { AdapterName } from './adapters.js';
import { revokeIssuedGrantsTx } from './grants.js';

export const DEVICE_KINDS = ['smart_lock', 'smart_garage', 'smart_locker'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export interface DeviceInput {
  customerId: string;
  addressId: string;
  kind: DeviceKind;
  adapter: AdapterName;
  vendorDeviceId: string;
  endpointUrl?: string | null;
  label?: string | null;
}

async function checkEndpoint(adapter: string, url: string | null | undefined): Promise<void> {
  if (adapter === 'webhook') {
    if (!url) throw new DomainError('validation_failed', 'the webhook adapter needs endpointUrl', { in: 'body', path: '/endpointUrl' });
    // Scheme and target (no private, loopback or link-local hosts): see url-guard.ts.
    await assertOutboundUrlAllowed(url, { path: '/endpointUrl', field: 'endpointUrl' });
  } else if (url) {
    throw new DomainError('validation_failed', `the ${adapter} adapter takes no endpointUrl`, { in: 'body', path: '/endpointUrl' });
  }
}

export function assertDeviceVisible(actor: Actor, device: DeviceRow | undefined, id: string): asserts device is DeviceRow {
  if (!device) throw notFound('device', id);
  if (actor.role === 'operator') return;
  if (actor.role === 'customer' && actor.subjectId === device.customerId) return;
  throw notFound('device', id);
}

export async function registerDevice(ctx: DomainContext, actor: Actor, input: DeviceInput): Promise<DeviceRow> {
  if (actor.role === 'customer' && actor.subjectId !== input.customerId) throw notFound('customer', input.customerId);
  await checkEndpoint(input.adapter, input.endpointUrl);
  const repos = ctx.store.repos;
  const address = await repos.customers.getAddress(input.addressId);
  if (!address || address.customerId !== input.customerId) {
    throw new DomainError('unknown_address', `address ${input.addressId} is not an address of customer ${input.customerId}`, { addressId: input.addressId });
  }
  const now = nowS(ctx);
  const row: DeviceRow = {
    id: ctx.ids.next('dev'),
    customerId: input.customerId,
    addressId: address.id,
    kind: input.kind,
    vendor: input.adapter,
    vendorDeviceId: input.vendorDeviceId,
    endpointUrl: input.endpointUrl ?? null,
    secret: input.adapter === 'webhook' ? `dvsec_${randomBytes(24).toString('base64url')}` : null,
    label: input.label ?? null,
    active: true,
    createdAt: now,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.smartHome.insertDevice(row);
    await tx.audit.append({ id: ctx.ids.next('aud'), at: now, actor: actorLabel(actor), action: 'device.registered', entityType: 'device', entityId: row.id, details: { kind: row.kind, adapter: row.vendor, addressId: row.addressId } });
  });
  return row;
}

export async function getDevice(ctx: DomainContext, actor: Actor, id: string): Promise<DeviceRow> {
  const d = await ctx.store.repos.smartHome.getDevice(id);
  assertDeviceVisible(actor, d, id);
  return d;
}

export async function listDevices(ctx: DomainContext, actor: Actor, page: PageRequest): Promise<Page<DeviceRow>> {
  return ctx.store.repos.smartHome.listDevices(actor.role === 'operator' ? undefined : (actor.subjectId ?? ''), page);
}

export async function updateDevice(
  ctx: DomainContext,
  actor: Actor,
  id: string,
  patch: { label?: string | null; endpointUrl?: string | null; active?: boolean },
): Promise<DeviceRow> {
  const current = await getDevice(ctx, actor, id);
  if (patch.endpointUrl !== undefined) await checkEndpoint(current.vendor, patch.endpointUrl);
  return ctx.store.transaction(async (tx) => {
    const row = await tx.smartHome.updateDevice(id, patch);
    // A device switched off takes its open grants with it.
    if (patch.active === false) await revokeIssuedGrantsTx(ctx, tx, actor, { deviceId: id }, 'device deactivated');
    return row!;
  });
}

// Customers and their delivery addresses. Customers see and change only their own records.
import type { AddressRow, CustomerRow, Page, PageRequest } from '../store/index.js';
import type { Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { notFound } from './errors.js';

export const DROPOFF_KINDS = ['door', 'drone_pad', 'yard', 'smart_locker', 'smart_garage', 'smart_door'] as const;
export type DropoffKind = (typeof DROPOFF_KINDS)[number];
export const NOTIFY_CHANNELS = ['email', 'sms', 'push', 'none'] as const;

export type NewCustomer = Omit<CustomerRow, 'id' | 'createdAt'>;
export type NewAddress = Omit<AddressRow, 'id' | 'createdAt' | 'customerId'>;

export async function createCustomer(ctx: DomainContext, input: NewCustomer): Promise<CustomerRow> {
  const row: CustomerRow = { ...input, id: ctx.ids.next('cus'), createdAt: nowS(ctx) };
  await ctx.store.repos.customers.insert(row);
  return row;
}

/** Operators see every customer; a customer only themself (others read as not found). */
function visibleCustomerId(actor: Actor, customerId: string): boolean {
  return actor.role === 'operator' || (actor.role === 'customer' && actor.subjectId === customerId);
}

export async function getCustomer(ctx: DomainContext, actor: Actor, id: string): Promise<CustomerRow> {
  const row = visibleCustomerId(actor, id) ? await ctx.store.repos.customers.get(id) : undefined;
  if (!row) throw notFound('customer', id);
  return row;
}

export function listCustomers(ctx: DomainContext, page: PageRequest): Promise<Page<CustomerRow>> {
  return ctx.store.repos.customers.list(page);
}

export async function addAddress(ctx: DomainContext, actor: Actor, customerId: string, input: NewAddress): Promise<AddressRow> {
  await getCustomer(ctx, actor, customerId);
  const row: AddressRow = { ...input, id: ctx.ids.next('adr'), customerId, createdAt: nowS(ctx) };
  await ctx.store.repos.customers.insertAddress(row);
  return row;
}

export async function listAddresses(ctx: DomainContext, actor: Actor, customerId: string, page: PageRequest): Promise<Page<AddressRow>> {
  await getCustomer(ctx, actor, customerId);
  return ctx.store.repos.customers.listAddresses(customerId, page);
}

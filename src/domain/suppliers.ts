// Suppliers: created by operators; a supplier's key reads only its own record.
import type { Page, PageRequest, SupplierRow } from '../store/index.js';
import type { Actor } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { notFound } from './errors.js';

export interface NewSupplier {
  name: string;
  email: string | null;
  leadTimeS: number;
}

export async function createSupplier(ctx: DomainContext, input: NewSupplier): Promise<SupplierRow> {
  const row: SupplierRow = { id: ctx.ids.next('sup'), name: input.name, email: input.email, leadTimeS: input.leadTimeS, createdAt: nowS(ctx) };
  await ctx.store.repos.suppliers.insert(row);
  return row;
}

export async function getSupplier(ctx: DomainContext, actor: Actor, id: string): Promise<SupplierRow> {
  if (actor.role === 'supplier' && actor.subjectId !== id) throw notFound('supplier', id);
  const row = await ctx.store.repos.suppliers.get(id);
  if (!row) throw notFound('supplier', id);
  return row;
}

export async function listSuppliers(ctx: DomainContext, page: PageRequest): Promise<Page<SupplierRow>> {
  return ctx.store.repos.reorderRules.listSuppliers(page);
}

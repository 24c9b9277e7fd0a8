// Smart-home drop-off: devices at customer addresses, one-time access grants, and the audit
// trail of those grants (read side; rows are appended through AuditRepo).
import { and, asc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { accessGrants, auditLog, devices } from '../schema.js';
import type { Executor } from '../types.js';
import type { AuditRow } from './audit.js';
import { Statement } from './compiled.js';
import { toPage, type Page, type PageRequest } from './page.js';

export type DeviceRow = typeof devices.$inferSelect;
export type AccessGrantRow = typeof accessGrants.$inferSelect;

export interface AccessGrantFilter {
  orderId?: string;
  vehicleId?: string;
  deviceId?: string;
  customerId?: string;
  state?: string;
}

const addressesWithActiveDevicesQ = new Statement<{ ids: string[] }, Array<{ addressId: string }>>((db, p) =>
  db.selectDistinct({ addressId: devices.addressId }).from(devices).where(and(sql`${devices.addressId} = any(${p('ids')}::text[])`, eq(devices.active, true))),
);
const ordersWithIssuedGrantsQ = new Statement<{ ids: string[] }, Array<{ orderId: string }>>((db, p) =>
  db.selectDistinct({ orderId: accessGrants.orderId }).from(accessGrants).where(and(sql`${accessGrants.orderId} = any(${p('ids')}::text[])`, eq(accessGrants.state, 'issued'))),
);

export class SmartHomeRepo {
  constructor(private readonly ex: Executor) {}

  // ------------------------------------------------------------ devices

  async insertDevice(row: DeviceRow): Promise<void> {
    await this.ex.insert(devices).values(row);
  }

  async getDevice(id: string): Promise<DeviceRow | undefined> {
    const [row] = await this.ex.select().from(devices).where(eq(devices.id, id));
    return row;
  }

  async listDevices(customerId: string | undefined, page: PageRequest): Promise<Page<DeviceRow>> {
    const rows = await this.ex
      .select()
      .from(devices)
      .where(and(customerId ? eq(devices.customerId, customerId) : undefined, page.afterId ? gt(devices.id, page.afterId) : undefined))
      .orderBy(asc(devices.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }

  async activeDevicesAt(addressId: string): Promise<DeviceRow[]> {
    return this.ex.select().from(devices).where(and(eq(devices.addressId, addressId), eq(devices.active, true))).orderBy(asc(devices.id));
  }

  /** Which of these addresses have an active device (one statement). */
  async addressesWithActiveDevices(addressIds: readonly string[]): Promise<Set<string>> {
    if (addressIds.length === 0) return new Set();
    const rows = await addressesWithActiveDevicesQ.run(this.ex, { ids: [...new Set(addressIds)] });
    return new Set(rows.map((r) => r.addressId));
  }

  async updateDevice(id: string, patch: Partial<Pick<DeviceRow, 'label' | 'active' | 'endpointUrl'>>): Promise<DeviceRow | undefined> {
    const [row] = await this.ex.update(devices).set(patch).where(eq(devices.id, id)).returning();
    return row;
  }

  // ------------------------------------------------------------ grants

  async insertGrant(row: AccessGrantRow): Promise<void> {
    await this.ex.insert(accessGrants).values(row);
  }

  async getGrant(id: string): Promise<AccessGrantRow | undefined> {
    const [row] = await this.ex.select().from(accessGrants).where(eq(accessGrants.id, id));
    return row;
  }

  async getGrantForUpdate(id: string): Promise<AccessGrantRow | undefined> {
    const [row] = await this.ex.select().from(accessGrants).where(eq(accessGrants.id, id)).for('update');
    return row;
  }

  /** Issued grants of an order or a device, locked (revocation). */
  /** Which of these orders hold an issued grant (one statement). */
  async ordersWithIssuedGrants(orderIds: readonly string[]): Promise<Set<string>> {
    if (orderIds.length === 0) return new Set();
    const rows = await ordersWithIssuedGrantsQ.run(this.ex, { ids: [...new Set(orderIds)] });
    return new Set(rows.map((r) => r.orderId));
  }

  async issuedGrantsForUpdate(by: { orderId?: string; deviceId?: string }): Promise<AccessGrantRow[]> {
    return this.ex
      .select()
      .from(accessGrants)
      .where(
        and(
          eq(accessGrants.state, 'issued'),
          by.orderId ? eq(accessGrants.orderId, by.orderId) : undefined,
          by.deviceId ? eq(accessGrants.deviceId, by.deviceId) : undefined,
        ),
      )
      .orderBy(asc(accessGrants.id))
      .for('update');
  }

  /** Issued grants whose window ended before `now`, locked, skipping rows another sweep holds. */
  async overdueGrantsForUpdate(now: number, limit: number): Promise<AccessGrantRow[]> {
    return this.ex
      .select()
      .from(accessGrants)
      .where(and(eq(accessGrants.state, 'issued'), lt(accessGrants.validUntil, now)))
      .orderBy(asc(accessGrants.id))
      .limit(limit)
      .for('update', { skipLocked: true });
  }

  async setGrantState(id: string, from: string, to: string, patch: { usedAt?: number; revokedAt?: number }): Promise<boolean> {
    const rows = await this.ex
      .update(accessGrants)
      .set({ state: to, ...patch })
      .where(and(eq(accessGrants.id, id), eq(accessGrants.state, from)))
      .returning({ id: accessGrants.id });
    return rows.length === 1;
  }

  async listGrants(filter: AccessGrantFilter, page: PageRequest): Promise<Page<AccessGrantRow>> {
    const deviceIds = filter.customerId
      ? (await this.ex.select({ id: devices.id }).from(devices).where(eq(devices.customerId, filter.customerId))).map((d) => d.id)
      : undefined;
    if (deviceIds && deviceIds.length === 0) return { items: [] };
    const rows = await this.ex
      .select()
      .from(accessGrants)
      .where(
        and(
          filter.orderId ? eq(accessGrants.orderId, filter.orderId) : undefined,
          filter.vehicleId ? eq(accessGrants.vehicleId, filter.vehicleId) : undefined,
          filter.deviceId ? eq(accessGrants.deviceId, filter.deviceId) : undefined,
          filter.state ? eq(accessGrants.state, filter.state) : undefined,
          deviceIds ? inArray(accessGrants.deviceId, deviceIds) : undefined,
          page.afterId ? gt(accessGrants.id, page.afterId) : undefined,
        ),
      )
      .orderBy(asc(accessGrants.id))
      .limit(page.limit + 1);
    return toPage(rows, page.limit);
  }

  /** Audit rows about one entity, oldest first. */
  async auditFor(entityType: string, entityId: string): Promise<AuditRow[]> {
    return this.ex
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
      .orderBy(asc(auditLog.id));
  }
}

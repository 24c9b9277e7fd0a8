// Append-only audit trail (operator actions, access grants, key creation).
import { auditLog } from '../schema.js';
import type { Executor } from '../types.js';

export type AuditRow = typeof auditLog.$inferSelect;

export class AuditRepo {
  constructor(private readonly ex: Executor) {}

  async append(row: AuditRow): Promise<void> {
    await this.ex.insert(auditLog).values(row);
  }
}

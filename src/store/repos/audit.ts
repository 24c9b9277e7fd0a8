// Append-only audit trail (operator actions, access grants, key creation).
import { auditLog } from '../schema.js';
import type { Executor } from '../types.js';
import { InsertRows } from './compiled.js';

export type AuditRow = typeof auditLog.$inferSelect;

const insertQ = new InsertRows(auditLog);

export class AuditRepo {
  constructor(private readonly ex: Executor) {}

  async append(row: AuditRow): Promise<void> {
    await insertQ.run(this.ex, [row]);
  }
}

// API keys, stored by sha256 of the key (the key itself is shown once and never stored).
import { and, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../schema.js';
import type { Executor } from '../types.js';

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export class ApiKeysRepo {
  constructor(private readonly ex: Executor) {}

  async insert(row: ApiKeyRow): Promise<void> {
    await this.ex.insert(apiKeys).values(row);
  }

  async findActiveByHash(keyHash: string): Promise<ApiKeyRow | undefined> {
    const [row] = await this.ex
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
    return row;
  }
}

// Server-wide settings (key → text). `putIfAbsent` never overwrites: the first writer wins, and a
// concurrent one blocks on the primary key until the first commits, then keeps the stored value.
import { eq } from 'drizzle-orm';
import { settings } from '../schema.js';
import type { Executor } from '../types.js';

export class SettingsRepo {
  constructor(private readonly ex: Executor) {}

  async get(key: string): Promise<string | undefined> {
    const [row] = await this.ex.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
    return row?.value;
  }

  /** Stores `value` unless the key exists; returns the value now stored (ours or the earlier one). */
  async putIfAbsent(key: string, value: string, now: number): Promise<string> {
    await this.ex.insert(settings).values({ key, value, createdAt: now }).onConflictDoNothing();
    return (await this.get(key))!;
  }
}

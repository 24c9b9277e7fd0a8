// Where the SQL migrations live: next to this module, both in src/ (tsx, vitest) and in
// dist/ (scripts/build.mjs copies the folder), so resolve relative to import.meta.url.
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export interface ShippedMigration {
  hash: string;
  folderMillis: number;
}

/** The migrations this build knows, oldest first. */
export function shippedMigrations(): ShippedMigration[] {
  return readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => ({ hash: m.hash, folderMillis: m.folderMillis }));
}

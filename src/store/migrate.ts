// Applying migrations and comparing the database's schema version with the one this build ships.
// drizzle records applied migrations in drizzle.__drizzle_migrations (hash, created_at = folderMillis).
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { MIGRATIONS_FOLDER, shippedMigrations } from './migrations-dir.js';
import type { BackendKind, Db, Schema } from './types.js';

export interface MigrationStatus {
  /** Migrations recorded in the database (folderMillis), oldest first. */
  applied: number[];
  /** Migrations this build ships. */
  shipped: number[];
  /** Shipped but not yet applied. */
  pending: number;
  /** Applied migrations this build does not know: the database is newer than the code. */
  unknown: number;
  current: boolean;
}

export async function migrationStatus(db: Db): Promise<MigrationStatus> {
  const shipped = shippedMigrations().map((m) => m.folderMillis);
  const exists = await db.execute<{ t: string | null }>(sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  let applied: number[] = [];
  if (rowsOf<{ t: string | null }>(exists)[0]?.t) {
    const res = await db.execute<{ created_at: string | number }>(sql`select created_at from drizzle.__drizzle_migrations order by created_at`);
    applied = rowsOf<{ created_at: string | number }>(res).map((r) => Number(r.created_at));
  }
  const known = new Set(shipped);
  const unknown = applied.filter((a) => !known.has(a)).length;
  const appliedSet = new Set(applied);
  const pending = shipped.filter((s) => !appliedSet.has(s)).length;
  return { applied, shipped, pending, unknown, current: pending === 0 && unknown === 0 };
}

export class SchemaTooNewError extends Error {
  readonly code = 'schema_too_new';
  constructor(status: MigrationStatus) {
    super(
      `database schema is newer than this build: ${status.unknown} applied migration(s) unknown to it ` +
        `(applied ${status.applied.length}, shipped ${status.shipped.length}); upgrade Relais before starting it on this database`,
    );
  }
}

/** Applies pending migrations; refuses (SchemaTooNewError) when the database holds migrations this build does not ship. */
export async function applyMigrations(db: Db, kind: BackendKind): Promise<MigrationStatus> {
  const before = await migrationStatus(db);
  if (before.unknown > 0) throw new SchemaTooNewError(before);
  if (before.pending > 0) {
    if (kind === 'pglite') await migratePglite(db as unknown as PgliteDatabase<Schema>, { migrationsFolder: MIGRATIONS_FOLDER });
    else await migrateNodePg(db as unknown as NodePgDatabase<Schema>, { migrationsFolder: MIGRATIONS_FOLDER });
  }
  return migrationStatus(db);
}

/** node-postgres returns { rows }, PGlite returns { rows } too; keep the difference in one place. */
export function rowsOf<T>(result: unknown): T[] {
  const r = result as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

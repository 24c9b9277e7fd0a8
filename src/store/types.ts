// Drizzle database/transaction types shared by both back ends (PGlite and node-postgres
// both produce a PgDatabase; repositories accept either a database or a transaction).
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a repository can run queries on. */
export type Executor = Db | Tx;
export type BackendKind = 'pglite' | 'postgres';

/** Runs one fixed SQL text with positional parameters; `name` lets node-postgres prepare it once per connection. */
export type SqlQuery = <R = Record<string, unknown>>(name: string, text: string, params: unknown[]) => Promise<R[]>;

export interface SqlRunner {
  query: SqlQuery;
  /** Runs `fn` on one connection between BEGIN and COMMIT (ROLLBACK when it throws). */
  transaction<T>(fn: (query: SqlQuery) => Promise<T>): Promise<T>;
}

// Opening a database: PostgreSQL (node-postgres pool) when a URL is given, otherwise PGlite,
// the in-process PostgreSQL, in a data folder or in memory. Everything above gets the same Store.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.js';
import { lockDataDir } from './data-dir-lock.js';
import { Store } from './store.js';
import type { Db, SqlRunner } from './types.js';

export type StoreTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string | null /* null = in memory */ };

// bigint columns (epoch seconds, bigserial) come back as strings from pg by default; our values fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openStore(target: StoreTarget): Promise<Store> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on('error', () => {});
    const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
    const sql = pgSqlRunner(pool);
    return new Store('postgres', db, sql, () => pool.end());
  }
  let unlock = () => {};
  if (target.dataDir) {
    mkdirSync(target.dataDir, { recursive: true });
    unlock = lockDataDir(target.dataDir);
  }
  // relaxedDurability stays false: a query resolves only after PGlite has flushed its files,
  // so an acknowledged order survives the process being killed (see test/service/crash.test.ts).
  // In memory there is nothing to flush, so skip the wait (≈4× faster transactions for tests and `relais simulate`).
  let client: PGlite;
  try {
    client = new PGlite(target.dataDir ?? undefined, { relaxedDurability: target.dataDir === null });
    await client.waitReady;
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const sql: SqlRunner = {
    query: async <R>(_name: string, text: string, values: unknown[]) => (await client.query<R>(text, values)).rows,
    transaction: (fn) => client.transaction((tx) => fn(async <R>(_name: string, text: string, values: unknown[]) => (await tx.query<R>(text, values)).rows)),
  };
  return new Store('pglite', db, sql, async () => {
    try {
      await client.close();
    } finally {
      unlock();
    }
  });
}

/** Named statements on a node-postgres pool, and transactions on one of its connections. */
export function pgSqlRunner(pool: pg.Pool): SqlRunner {
  return {
    query: async <R>(name: string, text: string, values: unknown[]) => (await pool.query({ name, text, values })).rows as R[],
    async transaction(fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const result = await fn(async <R>(name: string, text: string, values: unknown[]) => (await client.query({ name, text, values })).rows as R[]);
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch((e: Error) => (broken = e));
        throw err;
      } finally {
        client.release(broken);
      }
    },
  };
}

// Opening a database: PostgreSQL (node-postgres pool) when a URL is given, otherwise PGlite,
// the in-process PostgreSQL, in a data folder or in memory. Everything above gets the same Store.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { growMemoryFilesByDoubling } from './pglite-memfs.js';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.js';
import { lockDataDir } from './data-dir-lock.js';
import { PgliteMaintenance, withMaintenance } from './pglite-maintenance.js';
import { preparedPglite } from './pglite-prepared.js';
import { Store } from './store.js';
import type { Db, SqlQuery, SqlRunner } from './types.js';

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
    const writer = intakeWriterPool(target.url);
    return new Store('postgres', db, pgSqlRunner(pool, writer), async () => {
      await Promise.all([pool.end(), writer.end()]);
    });
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
    // One options object: PGlite reads its second argument only when the first is a data dir path.
    client = new PGlite({ ...(target.dataDir ? { dataDir: target.dataDir } : {}), relaxedDurability: target.dataDir === null });
    await client.waitReady;
    if (target.dataDir === null) growMemoryFilesByDoubling(client);
    // Pages are in memory (or the OS's file cache): a page read at random costs about what one in
    // sequence does. With PostgreSQL's default (4, for spinning disks) a route's stops were joined to
    // a hash of every order rather than to the few orders they name.
    await client.exec('set random_page_cost = 1.1');
  } catch (err) {
    unlock();
    throw err;
  }
  // Statements run prepared (parsed once per text): see pglite-prepared.ts. Their writes are
  // counted for the store's own ANALYZE/VACUUM, as no autovacuum runs here: see pglite-maintenance.ts.
  const maintenance = new PgliteMaintenance(client);
  const prepared = withMaintenance(preparedPglite(client), maintenance);
  const db = drizzlePglite({ client: prepared as unknown as PGlite, schema }) as unknown as Db;
  const sql: SqlRunner = {
    query: async <R>(_name: string, text: string, values: unknown[]) => (await prepared.query<R>(text, values)).rows,
    transaction: (fn) => prepared.transaction((tx) => fn(oneAtATime(async <R>(_name: string, text: string, values: unknown[]) => (await tx.query<R>(text, values)).rows))),
  };
  return new Store('pglite', db, sql, async () => {
    try {
      await maintenance.stop();
      await client.close();
    } finally {
      unlock();
    }
  });
}

/**
 * The connection for the group-commit transactions of order intake (src/store/intake.ts): one, in
 * pipeline mode. Its statements are prepared with generic plans: left to choose, PostgreSQL plans
 * the intake write afresh at every execution (its estimate of the generic plan, with array
 * parameters of unknown length, loses to the custom ones), which costs more than running it.
 */
export function intakeWriterPool(url: string, applicationName?: string): pg.Pool {
  const writer = new pg.Pool({ connectionString: url, max: 1, pipeline: true, options: '-c plan_cache_mode=force_generic_plan', ...(applicationName ? { application_name: applicationName } : {}) });
  writer.on('error', () => {});
  return writer;
}

/**
 * Named statements on a node-postgres pool; transactions on a connection of `writer` when given,
 * a pool in pipeline mode (the statements a transaction issues without waiting go out together,
 * one round trip instead of one each), else on a connection of `pool`, one statement at a time.
 */
export function pgSqlRunner(pool: pg.Pool, writer?: pg.Pool): SqlRunner {
  return {
    query: async <R>(name: string, text: string, values: unknown[]) => (await pool.query({ name, text, values })).rows as R[],
    async transaction(fn) {
      const client = await (writer ?? pool).connect();
      let broken: Error | undefined;
      const send: SqlQuery = async <R>(name: string, text: string, values: unknown[]) => (await client.query({ name, text, values })).rows as R[];
      const query = writer ? send : oneAtATime(send);
      try {
        // On the pipelined writer, BEGIN and every statement `fn` issues before its first await leave
        // in one write to the socket: node-postgres otherwise flushes each statement on its own
        // (a syscall and a wake-up of the backend per order of a group commit).
        const stream = writer ? socketOf(client) : undefined;
        stream?.cork();
        let running: Promise<unknown>;
        const begun = client.query('begin');
        begun.catch(() => undefined); // its failure fails the statements behind it
        try {
          running = fn(query);
        } finally {
          stream?.uncork();
        }
        const result = (await running) as Awaited<ReturnType<typeof fn>>;
        await begun;
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

/** The socket under a node-postgres client (not part of its typed API, but what its own Query.submit corks). */
function socketOf(client: pg.PoolClient): { cork(): void; uncork(): void } | undefined {
  const stream = (client as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } }).connection?.stream;
  return stream?.cork && stream.uncork ? (stream as { cork(): void; uncork(): void }) : undefined;
}

/** Statements issued together run one after the other (a connection without pipelining). */
function oneAtATime(query: SqlQuery): SqlQuery {
  let last: Promise<unknown> = Promise.resolve();
  return <R>(name: string, text: string, values: unknown[]) => {
    const run = () => query<R>(name, text, values);
    const next = last.then(run, run);
    last = next.catch(() => undefined);
    return next;
  };
}

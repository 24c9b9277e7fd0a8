// Integration-test harness: runs a suite against every back end.
//   - PGlite in memory (always),
//   - PostgreSQL at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a fresh
//     database relais_t_<random> created for the suite and dropped after it.
// When PostgreSQL is unreachable its variants are skipped with a console message naming why,
// unless RELAIS_REQUIRE_PG=1 (CI), in which case they fail.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { createDomainContext, type DomainContext } from '../../src/domain/context.js';
import { openStore, type Store } from '../../src/store/index.js';
import type { FastifyInstance } from 'fastify';

export const PG_ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REQUIRE_PG = process.env.RELAIS_REQUIRE_PG === '1';

export type BackendName = 'pglite' | 'postgres';

export interface TestEnv {
  backend: BackendName;
  store: Store;
  ctx: DomainContext;
  app: FastifyInstance;
  /** For PostgreSQL: the URL of this suite's own database (child processes can use it). */
  databaseUrl: string | null;
}

async function probe(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return `${(err as Error).message || (err as Error).name} (${PG_ADMIN_URL.replace(/\/\/[^@]*@/, '//')})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Why PostgreSQL tests cannot run here, or null when they can. Probed once per test file. */
export const pgUnavailable: string | null = await probe();
if (pgUnavailable && !REQUIRE_PG) {
  console.warn(`[relais tests] PostgreSQL variants SKIPPED: cannot reach PostgreSQL: ${pgUnavailable}. Set TEST_DATABASE_URL or start PostgreSQL; CI sets RELAIS_REQUIRE_PG=1 to make this a failure.`);
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Creates a fresh, empty PostgreSQL database; returns its URL and a function dropping it. */
export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `relais_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(PG_ADMIN_URL, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface EnvOptions {
  nowMs?: () => number;
}

/** Opens a migrated store + domain context + app on one back end. */
export async function createTestEnv(backend: BackendName, opts: EnvOptions = {}): Promise<TestEnv & { dispose: () => Promise<void> }> {
  let drop: (() => Promise<void>) | null = null;
  let databaseUrl: string | null = null;
  let store: Store;
  if (backend === 'postgres') {
    const created = await createPgDatabase();
    drop = created.drop;
    databaseUrl = created.url;
    store = await openStore({ kind: 'postgres', url: created.url, poolSize: 20 });
  } else {
    store = await openStore({ kind: 'pglite', dataDir: null });
  }
  await store.migrate();
  const ctx = createDomainContext(store, opts.nowMs ? { nowMs: opts.nowMs } : {});
  const app = await buildApp({ ctx });
  return {
    backend,
    store,
    ctx,
    app,
    databaseUrl,
    dispose: async () => {
      await app.close();
      await store.close();
      if (drop) await drop();
    },
  };
}

/**
 * Declares `suite` once per back end. `suite` receives a getter for the environment, which is
 * ready inside tests and hooks (created in beforeAll, disposed in afterAll).
 */
export function describeBackends(title: string, suite: (env: () => TestEnv) => void, opts: EnvOptions = {}): void {
  for (const backend of ['pglite', 'postgres'] as const) {
    const name = `${title} [${backend}]`;
    if (backend === 'postgres' && pgUnavailable) {
      if (REQUIRE_PG) {
        describe(name, () => {
          it('needs PostgreSQL (RELAIS_REQUIRE_PG=1)', () => {
            throw new Error(`RELAIS_REQUIRE_PG=1 but PostgreSQL is unreachable: ${pgUnavailable}`);
          });
        });
      } else {
        describe.skip(`${name} (skipped: PostgreSQL unreachable: ${pgUnavailable})`, () => suite(() => undefined as never));
      }
      continue;
    }
    describe(name, () => {
      let env: (TestEnv & { dispose: () => Promise<void> }) | undefined;
      beforeAll(async () => {
        env = await createTestEnv(backend, opts);
      });
      afterAll(async () => {
        await env?.dispose();
      });
      suite(() => {
        if (!env) throw new Error('test environment not ready');
        return env;
      });
    });
  }
}

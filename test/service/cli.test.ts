// The service commands as users run them: relais migrate, keys create, serve (schema checks,
// bad flags, graceful shutdown), on both back ends.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBackends } from './harness.js';
import { RELAIS_BIN, REPO_ROOT, assertBuilt, startServer } from './server-process.js';

describeBackends('relais migrate / keys / serve', (env) => {
  let dataDir: string;
  let dbEnv: Record<string, string>;
  beforeAll(() => {
    assertBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'relais-cli-'));
    dbEnv = env().backend === 'postgres' ? { DATABASE_URL: env().databaseUrl! } : { DATABASE_URL: '', RELAIS_DATA_DIR: dataDir };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const relais = (...args: string[]) =>
    spawnSync(process.execPath, [RELAIS_BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...dbEnv }, encoding: 'utf8', timeout: 60_000 });

  it('migrate applies the migrations and reports them current', () => {
    const r = relais('migrate');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/schema current \(\d+ total\)/);
    const s = relais('migrate', '--status');
    expect(s.status).toBe(0);
    expect(s.stdout).toMatch(/0 pending, 0 unknown/);
  });

  it('keys create prints a working key once; bad roles and subjects are refused with a line naming the problem', async () => {
    const ok = relais('keys', 'create', '--role', 'operator', '--label', 'ci');
    expect([ok.status, ok.stderr]).toEqual([0, expect.stringMatching(/created operator key/)]);
    const key = ok.stdout.trim();
    expect(key).toMatch(/^rk_ope_[A-Za-z0-9_-]{40,}$/);
    expect(ok.stderr).toMatch(/created operator key key_/);
    const badRole = relais('keys', 'create', '--role', 'admin');
    expect([badRole.status, badRole.stderr]).toEqual([2, expect.stringMatching(/--role must be one of operator, customer, supplier, device/)]);
    const noSubject = relais('keys', 'create', '--role', 'customer');
    expect(noSubject.status).toBe(2);
    expect(noSubject.stderr).toMatch(/needs --subject/);
    const ghost = relais('keys', 'create', '--role', 'customer', '--subject', 'cus_DOESNOTEXIST');
    expect(ghost.status).toBe(2);
    expect(ghost.stderr).toMatch(/not found/);

    const srv = await startServer([], dbEnv);
    try {
      const r = await fetch(`${srv.baseUrl}/v1/hubs`, { headers: { authorization: `Bearer ${key}` } });
      expect(r.status).toBe(200);
    } finally {
      srv.child.kill('SIGTERM');
      expect(await srv.exited).toBe(0); // graceful shutdown
    }
    expect(srv.output()).toMatch(/SIGTERM: finishing in-flight requests/);
  });

  it('serve refuses bad flags with exit 2', () => {
    const r = relais('serve', '--port', 'eighty');
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/port must be an integer/)]);
  });

  it('serve refuses to start on a schema newer than it knows', async () => {
    // Record a migration from the future, the way a newer release would have.
    if (env().backend === 'postgres') {
      const c = new pg.Client({ connectionString: env().databaseUrl! });
      await c.connect();
      await c.query(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', $1)`, [Date.now() + 1e9]);
      await c.end();
    } else {
      const { PGlite } = await import('@electric-sql/pglite');
      const db = new PGlite(dataDir);
      await db.query(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('from-the-future', $1)`, [Date.now() + 1e9]);
      await db.close();
    }
    const r = relais('serve', '--port', '0');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refusing to start: database schema is newer than this build/);
    const m = relais('migrate');
    expect(m.status).toBe(1);
  });
});

// The tracking-link secret: without RELAIS_TRACKING_SECRET it is generated once and kept in the
// database, so a link made before a restart still opens the tracking view after it (new app and
// new store on the same PGlite folder / PostgreSQL database); two servers starting together agree
// on one secret; the variable overrides the stored one; a short one is a configuration error
// (`relais serve` exits 2 with one line).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { TrackingTokens } from '../../src/api/tracking-token.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createDomainContext } from '../../src/domain/context.js';
import { ensureSetting } from '../../src/domain/server-settings.js';
import { openStore, type Store, type StoreTarget } from '../../src/store/index.js';
import { bearer, futureWindow, seedWorld } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';
import { RELAIS_BIN, REPO_ROOT, assertBuilt } from '../service/server-process.js';

delete process.env.RELAIS_TRACKING_SECRET;

describeBackends('tracking secret kept in the database', (env) => {
  let dataDir: string;
  let target: StoreTarget;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'relais-secret-'));
    target = env().backend === 'postgres' ? { kind: 'postgres', url: env().databaseUrl!, poolSize: 4 } : { kind: 'pglite', dataDir };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** A server's worth of state on the shared database: store, domain context, app. */
  const boot = async () => {
    const store = await openStore(target);
    await store.migrate();
    const ctx = createDomainContext(store);
    const app = await buildApp({ ctx });
    return { store, ctx, app, close: async () => (await app.close(), await store.close()) };
  };

  it('a tracking link made before a restart still works after it', async () => {
    const first = await boot();
    let link: { path: string; token: string; orderId: string };
    try {
      const w = await seedWorld({ backend: env().backend, store: first.store, ctx: first.ctx, app: first.app, databaseUrl: env().databaseUrl });
      const order = await first.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: bearer(w.keys.operator),
        payload: { customerId: w.customers.alice, addressId: w.addresses.aliceHome, lines: [{ sku: 'TEA-100', quantity: 1 }], window: futureWindow() },
      });
      expect(order.statusCode).toBe(201);
      const res = await first.app.inject({ method: 'GET', url: `/v1/orders/${order.json().id}/tracking-link`, headers: bearer(w.keys.operator) });
      expect(res.statusCode).toBe(200);
      link = res.json();
      expect((await first.app.inject({ method: 'GET', url: `/v1${link.path}` })).statusCode).toBe(200);
    } finally {
      await first.close();
    }

    const second = await boot();
    try {
      const view = await second.app.inject({ method: 'GET', url: `/v1${link.path}` });
      expect(view.statusCode).toBe(200);
      expect(view.json().orderId).toBe(link.orderId);
      // Still a real check: a wrong token is refused after the restart too.
      const forged = await second.app.inject({ method: 'GET', url: `/v1/track/${link.orderId}?t=${'A'.repeat(22)}` });
      expect(forged.statusCode).toBe(404);
      // The secret is the stored one, generated (32 random bytes), not a fixed value.
      const stored = await second.store.repos.settings.get('tracking_secret');
      expect(stored).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(TrackingTokens.withSecret(stored!).tokenFor(link.orderId)).toBe(link.token);
    } finally {
      await second.close();
    }
  });

  it('RELAIS_TRACKING_SECRET overrides the stored secret', async () => {
    const s = await boot();
    try {
      const stored = await s.store.repos.settings.get('tracking_secret');
      expect(stored).toBeDefined();
      const fromEnv = await TrackingTokens.fromEnvOrStore(s.ctx, { RELAIS_TRACKING_SECRET: 'e'.repeat(40) });
      expect(fromEnv.tokenFor('ord_x')).toBe(TrackingTokens.withSecret('e'.repeat(40)).tokenFor('ord_x'));
      expect(fromEnv.tokenFor('ord_x')).not.toBe(TrackingTokens.withSecret(stored!).tokenFor('ord_x'));
      expect((await TrackingTokens.fromEnvOrStore(s.ctx, {})).tokenFor('ord_x')).toBe(TrackingTokens.withSecret(stored!).tokenFor('ord_x'));
    } finally {
      await s.close();
    }
  });

  it('servers creating the secret at the same moment end up with the same one', async () => {
    // PostgreSQL: two stores (two connection pools, like two processes). PGlite allows one
    // process per folder, so there the two creators share one store.
    const stores: Store[] = [await openStore(target)];
    if (target.kind === 'postgres') stores.push(await openStore(target));
    try {
      const contexts = [0, 1, 2, 3].map((i) => createDomainContext(stores[i % stores.length]!));
      const values = await Promise.all(contexts.map((ctx, i) => ensureSetting(ctx, 'race_test', () => `value-from-${i}`)));
      expect(new Set(values).size).toBe(1);
      expect(values[0]).toMatch(/^value-from-[0-3]$/);
      expect(await stores[0]!.repos.settings.get('race_test')).toBe(values[0]);
    } finally {
      for (const s of stores) await s.close();
    }
  });
});

describe('a short RELAIS_TRACKING_SECRET', () => {
  it('is a configuration error', () => {
    expect(() => loadConfig({ RELAIS_TRACKING_SECRET: 'too-short' })).toThrow(ConfigError);
    expect(() => loadConfig({ RELAIS_TRACKING_SECRET: 'too-short' })).toThrow(/RELAIS_TRACKING_SECRET must be at least 32 characters \(got 9\)/);
    expect(loadConfig({ RELAIS_TRACKING_SECRET: 'x'.repeat(32) }).port).toBe(8080);
    expect(loadConfig({}).port).toBe(8080);
  });

  it('makes `relais serve` exit 2 with one line and no stack trace', () => {
    assertBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'relais-secret-cli-'));
    try {
      const r = spawnSync(process.execPath, [RELAIS_BIN, 'serve', '--port', '0'], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATABASE_URL: '', RELAIS_DATA_DIR: dir, RELAIS_TRACKING_SECRET: 'short-secret' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('relais serve: RELAIS_TRACKING_SECRET must be at least 32 characters (got 12)\n');
      expect(r.stdout).not.toMatch(/listening/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

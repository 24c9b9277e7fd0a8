// Migrations: applied on both back ends from the same files; a database with a migration this
// build does not know is refused; /readyz reports it.
import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { SchemaTooNewError } from '../../src/store/index.js';
import { shippedMigrations } from '../../src/store/migrations-dir.js';
import { describeBackends } from '../service/harness.js';

describeBackends('migrations', (env) => {
  it('applies every shipped migration and reports the schema current', async () => {
    const s = await env().store.migrationStatus();
    expect(s.shipped.length).toBe(shippedMigrations().length);
    expect(s.applied).toEqual(s.shipped);
    expect(s.current).toBe(true);
    // A second run is a no-op.
    expect((await env().store.migrate()).applied).toEqual(s.applied);
    const ready = await env().app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', backend: env().backend });
  });

  it('creates every table of the service, both halves', async () => {
    const r = (await env().store.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`)) as unknown as { rows: Array<{ table_name: string }> };
    const names = r.rows.map((x) => x.table_name);
    for (const t of ['hubs', 'products', 'stock', 'customers', 'addresses', 'orders', 'order_lines', 'order_events', 'outbox', 'idempotency_keys', 'api_keys', 'suppliers', 'reorder_rules', 'purchase_orders', 'purchase_order_lines', 'purchase_order_events', 'vehicles', 'plans', 'routes', 'stops', 'telemetry', 'webhook_subscriptions', 'webhook_deliveries', 'webhook_attempts', 'devices', 'access_grants', 'audit_log']) {
      expect(names).toContain(t);
    }
  });

  it('refuses a database holding a migration newer than this build, and /readyz says so', async () => {
    const future = Date.now() + 10 ** 9;
    await env().store.db.execute(sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', ${future})`);
    try {
      await expect(env().store.migrate()).rejects.toBeInstanceOf(SchemaTooNewError);
      const ready = await env().app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json().error).toMatchObject({ code: 'schema_not_current', details: { unknown: 1 } });
    } finally {
      await env().store.db.execute(sql`delete from drizzle.__drizzle_migrations where hash = 'future'`);
    }
  });

  it('stock rows can never go negative, even past the repositories (CHECK constraint)', async () => {
    await expect(
      env().store.db.execute(sql`insert into hubs (id, name, lon, lat, service_radius_m, opening_hours, created_at) values ('hub_chk', 'c', 0, 0, 1, '[]', 0)`),
    ).resolves.toBeDefined();
    await env().store.db.execute(sql`insert into products (id, sku, name, weight_g, length_mm, width_mm, height_mm, price_minor, currency, created_at) values ('prd_chk', 'CHK', 'c', 1, 1, 1, 1, 1, 'EUR', 0)`);
    await expect(env().store.db.execute(sql`insert into stock (hub_id, product_id, on_hand, reserved, updated_at) values ('hub_chk', 'prd_chk', 1, 2, 0)`)).rejects.toThrow();
  });
});

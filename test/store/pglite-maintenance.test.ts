// PGlite runs no autovacuum: the store analyses and vacuums its tables itself (pglite-maintenance.ts).
// - a store on PGlite counts its writes and, past the threshold, analyses the tables that changed
//   in the background: the planner's estimates then follow the data (EXPLAIN before and after);
// - a check analyses only the tables past autovacuum's thresholds, and vacuums those with many
//   dead rows; a table left alone since is not touched again.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/connect.js';
import { rowsOf } from '../../src/store/migrate.js';
import { PgliteMaintenance, WRITES_PER_CHECK } from '../../src/store/pglite-maintenance.js';
import type { Store } from '../../src/store/store.js';

describe('a store on PGlite analyses its tables as they fill', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ kind: 'pglite', dataDir: null });
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
  });

  /** The planner's row estimate for settings whose value is 'common'. */
  async function estimatedCommon(): Promise<number> {
    const [row] = rowsOf<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
      await store.db.execute(sql`explain (format json) select * from settings where value = 'common'`),
    );
    return row!['QUERY PLAN'][0]!.Plan['Plan Rows'];
  }

  const reltuples = async () => Number(rowsOf<{ n: number }>(await store.db.execute(sql`select reltuples as n from pg_class where relname = 'settings'`))[0]!.n);

  it('after its threshold of writes, the changed tables are analysed and estimates follow the data', async () => {
    // Nine rows in ten hold the same value; one statement per row, as the service writes.
    const rows = WRITES_PER_CHECK / 2;
    const insert = (i: number) => store.db.execute(sql`insert into settings (key, value, created_at) values (${`k${i}`}, ${i % 10 ? 'common' : `rare${i}`}, 0)`);
    for (let i = 0; i < rows; i++) await insert(i);
    expect(await reltuples()).toBe(-1); // never analysed: the planner guesses
    expect(await estimatedCommon()).toBeLessThan(rows / 10);
    for (let i = rows; i < rows + WRITES_PER_CHECK; i++) await insert(i);
    await expect.poll(reltuples, { timeout: 5000 }).toBeGreaterThan(rows);
    expect(await estimatedCommon()).toBeGreaterThan(0.8 * rows);
  });
});

describe('a maintenance check', () => {
  let client: PGlite;
  let maintenance: PgliteMaintenance;
  beforeAll(async () => {
    client = new PGlite({ relaxedDurability: true });
    await client.exec(`create table busy (id int primary key, v text); create table quiet (id int primary key, v text);
      insert into quiet select g, 'q' from generate_series(1, 1000) g; insert into busy select g, 'b' from generate_series(1, 1000) g;`);
    maintenance = new PgliteMaintenance(client);
  });
  afterAll(async () => {
    await maintenance.stop();
    await client.close();
  });

  it('analyses the tables past their thresholds only, and vacuums those with many dead rows', async () => {
    const first = await maintenance.runNow(); // both new
    expect(first.analyzed.sort()).toEqual(['public.busy', 'public.quiet']);
    // quiet: 40 changes on 1,000 rows, under 50 + 10 %; busy doubles.
    await client.exec(`update quiet set v = 'r' where id <= 40; insert into busy select g, 'b' from generate_series(1001, 2000) g;`);
    expect(await maintenance.runNow()).toEqual({ analyzed: ['public.busy'], vacuumed: [] });
    await client.exec(`delete from busy where id <= 1500`);
    expect(await maintenance.runNow()).toEqual({ analyzed: [], vacuumed: ['public.busy'] });
    const dead = await client.query<{ n: number }>(`select n_dead_tup as n from pg_stat_user_tables where relname = 'busy'`);
    expect(Number(dead.rows[0]!.n)).toBe(0);
    expect(await maintenance.runNow()).toEqual({ analyzed: [], vacuumed: [] });
  });
});

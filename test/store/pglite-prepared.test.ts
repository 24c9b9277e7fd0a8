// The prepared-statement cache in front of PGlite (src/store/pglite-prepared.ts) answers exactly
// as PGlite's own query() does: same rows and types, same errors, same isolation between a
// transaction and statements outside it, and it keeps working past its bound (statements closed).
import { messages, PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { preparedPglite, type PreparedPglite } from '../../src/store/pglite-prepared.js';

let client: PGlite;
let db: PreparedPglite;
beforeAll(async () => {
  client = new PGlite({ relaxedDurability: true });
  await client.waitReady;
  await client.exec(`create table t (id text primary key, n bigint not null, x double precision, tags text[], doc jsonb, at timestamptz);
    insert into t values ('a', 1, 0.5, '{p,q}', '{"k": [1, 2]}', '2026-01-01T00:00:00Z'), ('b', 9007199254740991, null, null, null, null);
    create function noisy(x int) returns int language plpgsql as $$ begin raise notice 'noisy %', x; return x; end $$;`);
  db = preparedPglite(client, 3);
});
afterAll(async () => {
  await client.close();
});

it('returns the rows, types and counts PGlite’s query() returns, prepared once per text', async () => {
  const text = 'select id, n, x, tags, doc, at from t where id = any($1::text[]) order by id';
  const mine = await db.query(text, [['a', 'b']]);
  const theirs = await client.query(text, [['a', 'b']]);
  expect(mine.rows).toEqual(theirs.rows);
  expect(mine.fields).toEqual(theirs.fields);
  const before = db.preparedCount;
  expect((await db.query(text, [['b']])).rows).toEqual([theirs.rows[1]]);
  expect(db.preparedCount).toBe(before); // the same text: no new statement
  const upd = await db.query('update t set x = $1 where id = $2', [1.25, 'b']);
  expect(upd.affectedRows).toBe(1);
  expect((await db.query<{ x: number }>('select x from t where id = $1', ['b'])).rows[0]!.x).toBe(1.25);
  expect((await db.query('select $1::jsonb as j', [{ a: [1, 'z'] }])).rows[0]).toEqual({ j: { a: [1, 'z'] } });
});

it('reads replies as PGlite does: multi-byte text, bytes, array rows, notices skipped, a result larger than a read buffer', async () => {
  const text = 'select $1::text as s, $2::bytea as b, $3::text[] as a';
  const params = ['Zoë → 東京 🚚', new Uint8Array([0, 1, 254, 255]), ['é', 'ü']];
  expect((await db.query(text, params)).rows).toEqual((await client.query(text, params)).rows);
  expect((await db.query('select $1::int as v, $2::text as w', [7, 'x'], { rowMode: 'array' })).rows).toEqual([[7, 'x']]);
  expect((await db.query<{ v: number }>('select noisy($1) as v', [3])).rows).toEqual([{ v: 3 }]);
  const big = 'select g as n, repeat($1, 40) as pad from generate_series(1, $2::int) g';
  const mine = await db.query<{ n: number; pad: string }>(big, ['é', 5000]); // ≈ 0.5 MB of rows
  expect(mine.rows).toHaveLength(5000);
  expect(mine.rows).toEqual((await client.query(big, ['é', 5000])).rows);
});

it('throws the DatabaseError PGlite’s query() throws, with its fields, and the statement runs again after it', async () => {
  const text = 'select 10 / $1::int as q';
  const theirs = await client.query(text, [0]).catch((e: unknown) => e);
  const mine = await db.query(text, [0]).catch((e: unknown) => e);
  expect(mine).toBeInstanceOf(messages.DatabaseError);
  for (const key of ['message', 'severity', 'code', 'routine', 'file']) expect((mine as Record<string, unknown>)[key]).toEqual((theirs as Record<string, unknown>)[key]);
  expect(mine).toMatchObject({ code: '22012', query: text, params: [0] });
  expect((await db.query<{ q: number }>(text, [5])).rows).toEqual([{ q: 2 }]);
  const dup = await db.query('insert into t (id, n) values ($1, $2)', ['a', 1]).catch((e: unknown) => e);
  expect(dup).toMatchObject({ code: '23505', constraint: 't_pkey', table: 't', detail: 'Key (id)=(a) already exists.' });
  expect((await db.query<{ n: number }>('select count(*)::int as n from t', [])).rows[0]!.n).toBe(2);
});

it('keeps at most its bound of statements, closing the least recently used, and still answers every text', async () => {
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 6; i++) expect((await db.query<{ v: number }>(`select $1::int + ${i} as v`, [round])).rows[0]!.v).toBe(round + i);
  }
  expect(db.preparedCount).toBe(3);
});

it('throws the database error and rolls back the transaction it happened in; later statements run', async () => {
  await expect(
    db.transaction(async (tx) => {
      await tx.query('insert into t (id, n) values ($1, $2)', ['c', 3]);
      await tx.query('insert into t (id, n) values ($1, $2)', ['a', 4]); // duplicate key
    }),
  ).rejects.toMatchObject({ code: '23505' });
  expect((await db.query('select id from t where id = $1', ['c'])).rows).toEqual([]);
  await expect(db.query('select no_such_column from t', [])).rejects.toMatchObject({ code: '42703' });
  expect((await db.query<{ n: number }>('select count(*)::int as n from t', [])).rows[0]!.n).toBe(2);
});

it('a statement outside a transaction waits for an open one to end (it never runs inside it)', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let inserted!: () => void;
  const didInsert = new Promise<void>((r) => (inserted = r));
  const tx = db.transaction(async (t) => {
    await t.query('insert into t (id, n) values ($1, $2)', ['d', 5]);
    inserted();
    await gate;
    await t.rollback();
  });
  await didInsert;
  const outside = db.query<{ n: number }>('select count(*)::int as n from t where id = $1', ['d']);
  release();
  await tx;
  expect((await outside).rows[0]!.n).toBe(0); // ran after the rollback, not inside the transaction
});

it('runs savepoints inside a transaction, and a transaction whose statement failed unseen ends rolled back, with an error', async () => {
  await db.transaction(async (tx) => {
    await tx.query('insert into t (id, n) values ($1, $2)', ['e', 6]);
    await tx.query('savepoint s1');
    await tx.query('insert into t (id, n) values ($1, $2)', ['f', 7]);
    await tx.query('rollback to savepoint s1');
    await tx.query('release savepoint s1');
  });
  expect((await db.query<{ id: string }>('select id from t where id = any($1::text[]) order by id', [['e', 'f']])).rows).toEqual([{ id: 'e' }]);
  await expect(
    db.transaction(async (tx) => {
      await tx.query('insert into t (id, n) values ($1, $2)', ['g', 8]);
      await tx.query('insert into t (id, n) values ($1, $2)', ['a', 9]).catch(() => undefined); // the caller swallows it
    }),
  ).rejects.toThrow(/rolled back/);
  expect((await db.query('select id from t where id = $1', ['g'])).rows).toEqual([]);
  await db.query('delete from t where id = $1', ['e']);
});

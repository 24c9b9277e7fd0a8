// The prepared-statement cache in front of PGlite (src/store/pglite-prepared.ts) answers exactly
// as PGlite's own query() does: same rows and types, same errors, same isolation between a
// transaction and statements outside it, and it keeps working past its bound (statements closed).
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { preparedPglite, type PreparedPglite } from '../../src/store/pglite-prepared.js';

let client: PGlite;
let db: PreparedPglite;
beforeAll(async () => {
  client = new PGlite(undefined, { relaxedDurability: true });
  await client.waitReady;
  await client.exec(`create table t (id text primary key, n bigint not null, x double precision, tags text[], doc jsonb, at timestamptz);
    insert into t values ('a', 1, 0.5, '{p,q}', '{"k": [1, 2]}', '2026-01-01T00:00:00Z'), ('b', 9007199254740991, null, null, null, null);`);
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

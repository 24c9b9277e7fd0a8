// Statements compiled once (src/store/repos/compiled.ts) give the rows drizzle's builder gives for
// the same query (types, nulls, jsonb, joins with absent sides), write what it writes, run on the
// database and inside transactions alike (a rollback undoes them), and build each shape only once.
import { and, asc, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { beforeAll, expect, it } from 'vitest';
import { auditLog, vehicles } from '../../src/store/schema.js';
import { shapeOf, Statement } from '../../src/store/repos/compiled.js';
import { describeBackends } from '../service/harness.js';

type AuditRow = typeof auditLog.$inferSelect;
const row = (id: string, at: number, details: unknown): AuditRow => ({ id, at, actor: 'system', action: 'test.compiled', entityType: 'thing', entityId: `e_${id}`, details });

describeBackends('compiled statements', (env) => {
  let builds = 0;
  const byIds = new Statement<{ ids: string[]; action: string }, AuditRow[]>((db, p) => {
    builds++;
    return db.select().from(auditLog).where(and(sql`${auditLog.id} = any(${p('ids')}::text[])`, eq(auditLog.action, p('action')))).orderBy(asc(auditLog.id));
  });
  const insert = new Statement<AuditRow, unknown>((db, p) => db.insert(auditLog).values(Object.fromEntries(Object.keys(getTableColumns(auditLog)).map((k) => [k, p(k as keyof AuditRow)])) as unknown as AuditRow));
  const ids = ['cmp_1', 'cmp_2', 'cmp_3', 'cmp_4'];

  beforeAll(async () => {
    const { store } = env();
    await store.db.insert(auditLog).values([row('cmp_1', 1_700_000_000, { a: [1, 'x'], b: null }), row('cmp_2', 2, null), row('cmp_3', 3, 'text'), row('cmp_4', 4, 0), { ...row('cmp_5', 5, [1]), entityId: 'cmp_2' }]);
  });

  it('reads the rows the builder reads, building the statement once', async () => {
    const { store } = env();
    const before = builds;
    for (const subset of [ids, ids.slice(1, 3), ['cmp_4', 'missing'], []]) {
      const theirs = await store.db.select().from(auditLog).where(sql`${auditLog.id} = any(${sql.param(subset)}::text[]) and ${auditLog.action} = ${'test.compiled'}`).orderBy(asc(auditLog.id));
      const mine = await byIds.run(store.db, { ids: subset, action: 'test.compiled' });
      expect(mine).toEqual(theirs);
      expect(mine.map((r) => r.id)).toEqual(subset.filter((id) => id !== 'missing'));
    }
    expect((await byIds.run(store.db, { ids, action: 'other' })).length).toBe(0);
    expect(builds - before).toBeLessThanOrEqual(1);
    const [first] = await byIds.run(store.db, { ids: ['cmp_1'], action: 'test.compiled' });
    expect(first).toEqual(row('cmp_1', 1_700_000_000, { a: [1, 'x'], b: null }));
    expect(typeof first!.at).toBe('number');
  });

  it('maps joins as the builder does: nested objects in the same key order, an absent side null', async () => {
    const { store } = env();
    const other = alias(auditLog, 'other');
    const build = (db: typeof store.db, id: unknown) =>
      db.select({ audit: auditLog, other, otherAt: other.at, n: sql<number>`1 + 1`.mapWith(Number) }).from(auditLog).leftJoin(other, eq(other.id, auditLog.entityId)).where(sql`${auditLog.id} = any(${id}::text[])`).orderBy(asc(auditLog.id));
    const q = new Statement<{ ids: string[] }, unknown[]>((db, p) => build(db, p('ids')));
    const theirs = await build(store.db, sql.param(['cmp_1', 'cmp_5']));
    const mine = await q.run(store.db, { ids: ['cmp_1', 'cmp_5'] });
    expect(JSON.stringify(mine)).toBe(JSON.stringify(theirs));
    expect(mine).toEqual([
      { audit: row('cmp_1', 1_700_000_000, { a: [1, 'x'], b: null }), other: null, otherAt: null, n: 2 },
      { audit: { ...row('cmp_5', 5, [1]), entityId: 'cmp_2' }, other: row('cmp_2', 2, null), otherAt: 2, n: 2 },
    ]);
  });

  it('maps a join with an absent side as the builder does', async () => {
    const { store } = env();
    const q = new Statement<{ id: string }, unknown[]>((db, p) =>
      db.select({ audit: auditLog, vehicle: vehicles, name: vehicles.name }).from(auditLog).leftJoin(vehicles, eq(vehicles.id, auditLog.entityId)).where(eq(auditLog.id, p('id'))),
    );
    const theirs = await store.db.select({ audit: auditLog, vehicle: vehicles, name: vehicles.name }).from(auditLog).leftJoin(vehicles, eq(vehicles.id, auditLog.entityId)).where(eq(auditLog.id, 'cmp_2'));
    const mine = await q.run(store.db, { id: 'cmp_2' });
    expect(mine).toEqual(theirs);
    expect(mine).toEqual([{ audit: row('cmp_2', 2, null), vehicle: null, name: null }]);
  });

  it('writes what the builder writes (jsonb encoded by its column, null as SQL null)', async () => {
    const { store } = env();
    await insert.run(store.db, row('cmp_w1', 10, { k: ['v'] }));
    await insert.run(store.db, row('cmp_w2', 11, null));
    await store.db.insert(auditLog).values([row('cmp_b1', 10, { k: ['v'] }), row('cmp_b2', 11, null)]);
    const read = async (id: string) => (await store.db.select().from(auditLog).where(eq(auditLog.id, id)))[0];
    expect({ ...(await read('cmp_w1')), id: '', entityId: '' }).toEqual({ ...(await read('cmp_b1')), id: '', entityId: '' });
    const sqlNulls = await store.db.select({ id: auditLog.id }).from(auditLog).where(and(isNull(auditLog.details), sql`${auditLog.id} in ('cmp_w2', 'cmp_b2')`)).orderBy(asc(auditLog.id));
    expect(sqlNulls.map((r) => r.id)).toEqual(['cmp_b2', 'cmp_w2']);
    await expect(insert.run(store.db, { ...row('cmp_w3', 12, null), actor: undefined as unknown as string })).rejects.toThrow(/no value for "actor"/);
  });

  it('runs inside a transaction, sees its own writes, and is undone by its rollback', async () => {
    const { store } = env();
    await expect(
      store.db.transaction(async (tx) => {
        await insert.run(tx, row('cmp_tx', 20, { in: 'tx' }));
        expect((await byIds.run(tx, { ids: ['cmp_tx'], action: 'test.compiled' })).map((r) => r.details)).toEqual([{ in: 'tx' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await byIds.run(store.db, { ids: ['cmp_tx'], action: 'test.compiled' })).toEqual([]);
    await store.db.transaction(async (tx) => {
      await insert.run(tx, row('cmp_tx2', 21, null));
    });
    expect((await byIds.run(store.db, { ids: ['cmp_tx2'], action: 'test.compiled' })).length).toBe(1);
  });

  it('builds one statement per shape of an update (the keys of its patch)', async () => {
    const { store } = env();
    const texts = new Set<string>();
    const update = new Statement<Record<string, unknown>, Array<{ id: string }>>((db, p, shape) => {
      const set = Object.fromEntries(shape.split(',').map((k) => [k, p(k)]));
      const q = db.update(auditLog).set(set).where(eq(auditLog.id, p('id'))).returning({ id: auditLog.id });
      texts.add(shape);
      return q;
    });
    for (const patch of [{ actor: 'a1' }, { actor: 'a2', details: { n: 1 } }, { details: { n: 2 }, actor: 'a3' }, { actor: 'a4', details: undefined }]) {
      expect(await update.run(store.db, { ...patch, id: 'cmp_3' }, shapeOf(patch))).toEqual([{ id: 'cmp_3' }]);
    }
    expect([...texts].sort()).toEqual(['actor', 'actor,details', 'details,actor']); // undefined values are left out, as the builder does
    const [r] = await store.db.select().from(auditLog).where(eq(auditLog.id, 'cmp_3'));
    expect([r!.actor, r!.details]).toEqual(['a4', { n: 2 }]);
  });
});

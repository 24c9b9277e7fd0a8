// Statements compiled once. Drizzle builds every query anew from its builder (walking the AST,
// escaping names, collecting parameters) each time one is awaited, though a repository's
// statements have a handful of fixed shapes: that building was the largest JS cost of a simulated
// event left on the main thread. A `Statement` builds its query once per shape, with placeholders
// (`p('name')`) where the call's values go, on a session-less database that only records what the
// builder would have handed its session (text, parameters, result fields); each call then fills
// the parameters and hands the same to the session of the Executor it is given (the database or a
// transaction, PGlite or node-postgres), so rows are read by drizzle's own prepared query as the
// builder's would be. Rows are mapped to objects by mapRows below: drizzle's mapResultRow with
// what it works out per column and row (decoder, path, table) worked out once per shape.
//
// A value given for a placeholder is encoded as the builder would encode it (by its column when
// it is one, e.g. jsonb as JSON text; null stays null). Insert values and update sets become
// parameters even where the builder would have written `default` or left the column out for an
// undefined value, so every placeholder must be given a value (undefined throws): a shape that
// omits columns is a shape of its own (e.g. the keys of an update's patch, see `shapeOf`).
import { Column, getTableName, is, Param, Placeholder, SQL, sql, Subquery } from 'drizzle-orm';
import { PgDatabase, PgDialect, type PgSession, type PgTable } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../types.js';

type Values = Record<string, unknown>;
/**
 * A placeholder for the call's value `name` (a drizzle Placeholder, typed `never` so that it fits
 * wherever the builder takes a value: eq(), set(), values(), sql``).
 */
export type P<V extends Values> = (name: keyof V & string) => never;

interface Shape {
  text: string;
  /** Per parameter: a fixed value, or the name of the call's value and its encoder (if any). */
  params: Array<{ value: unknown; name?: string; encode?: (v: unknown) => unknown }>;
  /** prepareQuery's arguments after the query (result fields, array mode, result mapper, metadata). */
  rest: unknown[];
  /** What the builder set on its prepared query afterwards (joinsNotNullableMap). */
  extra: Record<string, unknown>;
}

type Recorded = { args: unknown[]; setToken(): Recorded } & Record<string, unknown>;

const dialect = new PgDialect();
let recorded: Recorded | undefined;
const recorder = {
  prepareQuery(...args: unknown[]): Recorded {
    recorded = { args, setToken: () => recorded! } as Recorded;
    return recorded;
  },
} as unknown as PgSession;
/** Builders made on this database only record the query they would run (see compile). */
const recordingDb = new PgDatabase(dialect, recorder, undefined) as unknown as Db;

const placeholder = (name: string) => sql.placeholder(name);

/** A statement of one or more fixed shapes, compiled once per shape; `run` executes it on any Executor. */
export class Statement<V extends Values, R> {
  private readonly shapes = new Map<string, Shape>();

  /** `build` makes the drizzle query of a shape (a builder, or `db.execute(sql…)`) with `p(name)` for each value. */
  constructor(private readonly build: (db: Db, p: P<V>, shape: string) => PromiseLike<R>) {}

  run(ex: Executor, values: V, shape = ''): Promise<R> {
    let s = this.shapes.get(shape);
    if (!s) this.shapes.set(shape, (s = this.compile(shape)));
    const params = new Array<unknown>(s.params.length);
    for (let i = 0; i < params.length; i++) {
      const slot = s.params[i]!;
      if (slot.name === undefined) {
        params[i] = slot.value;
        continue;
      }
      const v = values[slot.name];
      if (v === undefined) return Promise.reject(new Error(`compiled statement: no value for "${slot.name}"`));
      params[i] = v === null ? null : slot.encode ? slot.encode(v) : v;
    }
    const session = (ex as unknown as { _: { session: PgSession } })._.session;
    const prepared = (session.prepareQuery as (...a: unknown[]) => { execute(): Promise<R> })({ sql: s.text, params }, ...s.rest);
    Object.assign(prepared, s.extra);
    return prepared.execute();
  }

  private compile(shape: string): Shape {
    recorded = undefined;
    const query = this.build(recordingDb, placeholder as P<V>, shape) as unknown as { _prepare?(): unknown };
    if (!recorded) query._prepare?.(); // builders prepare when run; db.execute prepares at once
    const rec = recorded as Recorded | undefined;
    recorded = undefined;
    if (!rec) throw new Error('compiled statement: the build made no query');
    const { args, setToken: _s, ...extra } = rec;
    const [q, ...rest] = args as [{ sql: string; params: unknown[] }, ...unknown[]];
    // prepareQuery(query, fields, name, arrayMode, customResultMapper, …): rows of a selection (or
    // returning) are mapped by mapRows; raw statements (no fields) are returned as the driver gives them.
    if (rest[0] && !rest[3]) rest[3] = mapRows(rest[0] as SelectedField[], extra.joinsNotNullableMap as Record<string, boolean> | undefined);
    const params = q.params.map((p) => {
      if (is(p, Placeholder)) return { value: undefined, name: p.name };
      if (is(p, Param) && is(p.value, Placeholder)) {
        const encoder = p.encoder as { mapToDriverValue(v: unknown): unknown } | undefined;
        return { value: undefined, name: p.value.name, encode: encoder ? (v: unknown) => encoder.mapToDriverValue(v) : undefined };
      }
      return { value: p };
    });
    return { text: q.sql, params, rest, extra };
  }
}

/** `{ key: p(prefix + key) }` for each key of a shape made by shapeOf: an update's set. */
export function setOf<V extends Values>(shape: string, p: P<V>, prefix = ''): Record<string, never> {
  return Object.fromEntries(shape ? shape.split(',').map((k) => [k, p(prefix + k)]) : []);
}

/**
 * The keys of a patch whose values are defined: the shape of an update setting them (or of an
 * insert of them). Keys in the patch's own order: another order is another shape, not another result.
 */
export function shapeOf(patch: object): string {
  let shape = '';
  for (const k in patch) if ((patch as Values)[k] !== undefined) shape = shape ? `${shape},${k}` : k;
  return shape;
}

/** INSERT of rows into `table` as the builder's `values(rows)` writes them: one shape per row count and keys given. */
export class InsertRows {
  private readonly statement: Statement<Values, unknown>;

  constructor(table: PgTable) {
    this.statement = new Statement((db, p, shape) => db.insert(table).values(shape.split(';').map((keys, i) => setOf(keys, p, `r${i}_`)) as never));
  }

  run(ex: Executor, rows: readonly object[]): Promise<unknown> {
    const values: Values = {};
    rows.forEach((row, i) => {
      for (const [k, v] of Object.entries(row)) values[`r${i}_${k}`] = v;
    });
    return this.statement.run(ex, values, rows.map(shapeOf).join(';'));
  }
}

type Decoder = { mapFromDriverValue(v: unknown): unknown };
type SelectedField = { path: string[]; field: unknown };

/**
 * Array-mode rows to objects, as drizzle's mapResultRow (drizzle-orm/utils.js) maps them: values
 * decoded by their column (or SQL's decoder), nested by path, and a joined table's object null when
 * all its columns are null and the join may leave it absent (joinsNotNullableMap).
 */
export function mapRows(fields: readonly SelectedField[], joinsNotNullableMap: Record<string, boolean> | undefined): (rows: unknown[][]) => Array<Record<string, unknown>> {
  const columns = fields.map(({ path, field }) => {
    const f = field as { decoder: Decoder; _: { sql: { decoder: Decoder } }; sql: { decoder: Decoder }; table: unknown };
    const decoder: Decoder = is(field, Column) ? (field as unknown as Decoder) : is(field, SQL) ? f.decoder : is(field, Subquery) ? f._.sql.decoder : f.sql.decoder;
    const table = is(field, Column) && path.length === 2 ? getTableName(f.table as never) : undefined;
    return { parents: path.slice(0, -1), key: path[path.length - 1]!, decoder, table };
  });
  const mapRow = (row: unknown[]): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    const nullify: Record<string, string | false> = {};
    for (let i = 0; i < columns.length; i++) {
      const { parents, key, decoder, table } = columns[i]!;
      let node = result;
      for (const chunk of parents) {
        if (!(chunk in node)) node[chunk] = {};
        node = node[chunk] as Record<string, unknown>;
      }
      const raw = row[i];
      const value = (node[key] = raw === null ? null : decoder.mapFromDriverValue(raw));
      if (joinsNotNullableMap && table !== undefined) {
        const object = parents[0]!;
        const seen = nullify[object];
        if (seen === undefined) nullify[object] = value === null ? table : false;
        else if (typeof seen === 'string' && seen !== table) nullify[object] = false;
      }
    }
    if (joinsNotNullableMap) for (const object in nullify) if (typeof nullify[object] === 'string' && !joinsNotNullableMap[nullify[object]]) result[object] = null;
    return result;
  };
  return (rows) => rows.map(mapRow);
}

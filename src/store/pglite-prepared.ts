// PGlite with a prepared-statement cache. PGlite's own query() parses, analyses and describes
// every statement afresh (an unnamed statement, four calls into the WASM backend per statement);
// the same texts recur all day (repositories build a handful of shapes), so each distinct text is
// parsed once as a named statement and later runs are one call: Bind + Describe + Execute + Sync.
// That makes a typical statement ≈4× cheaper (bench:sim --statements shows the per-event counts).
// Used for drizzle's queries and the fixed-SQL runner (intake) alike; the semantics of query() are
// kept: the same locks (one statement at a time; outside a transaction none runs while one is
// open), the same parameter serialisation (by the parameter types the backend described), the
// same result parsing, errors thrown after the backend has resynchronised, files flushed after a
// write outside a transaction. Only data statements are cached: DDL and transaction control
// (migrations, BEGIN, SAVEPOINT) go through PGlite's own path, so no cached plan outlives a
// schema change it could not follow.
import { protocol, type PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';

/** Distinct statement texts kept prepared by default; the least recently used one is closed beyond this. */
const MAX_STATEMENTS = 400;

const CACHEABLE = /^\s*(select|insert|update|delete|with)\b/i;

interface Prepared {
  name: string;
  paramTypes: number[];
}

type Internal = PGlite & {
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
};

/** The subset of PGlite that drizzle's PGlite driver and the store's SQL runner use. */
export interface PreparedPglite {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  transaction<T>(fn: (tx: PreparedPgliteTx) => Promise<T>): Promise<T>;
  /** Statements prepared so far (for tests). */
  readonly preparedCount: number;
}

export interface PreparedPgliteTx {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(text: string): Promise<Array<Results>>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

export function preparedPglite(client: PGlite, maxStatements = MAX_STATEMENTS): PreparedPglite {
  const db = client as Internal;
  const cache = new Map<string, Prepared>(); // insertion order = recency (re-inserted on use)
  let seq = 0;
  const { serialize } = protocol;

  const send = (msg: Uint8Array) => db.execProtocolStream(msg, { syncToFs: false });

  async function prepare(text: string, options: QueryOptions | undefined): Promise<Prepared> {
    const hit = cache.get(text);
    if (hit) {
      cache.delete(text);
      cache.set(text, hit);
      return hit;
    }
    if (cache.size >= maxStatements) {
      const [oldText, old] = cache.entries().next().value as [string, Prepared];
      cache.delete(oldText);
      await send(concat([serialize.close({ type: 'S', name: old.name }), serialize.sync()]));
    }
    const name = `relais_${++seq}`;
    const msgs = await send(concat([serialize.parse({ name, text, types: options?.paramTypes ?? [] }), serialize.describe({ type: 'S', name }), serialize.sync()]));
    const desc = msgs.find((m) => m.name === 'parameterDescription') as { dataTypeIDs?: number[] } | undefined;
    const p = { name, paramTypes: desc?.dataTypeIDs ?? [] };
    cache.set(text, p);
    return p;
  }

  async function run<T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    try {
      const p = await prepare(text, options);
      const values = params.map((v, i) => {
        if (v === null || v === undefined) return null;
        const type = p.paramTypes[i]!;
        const s = options?.serializers?.[type] ?? client.serializers[type];
        return s ? s(v) : String(v);
      });
      const msgs = await send(concat([serialize.bind({ statement: p.name, values: values as string[] }), serialize.describe({ type: 'P' }), serialize.execute({}), serialize.sync()]));
      return firstResult<T>(msgs, client.parsers, options);
    } catch (err) {
      if (err && typeof err === 'object') Object.assign(err, { query: text, params });
      throw err;
    }
  }

  const inTx = <T>(text: string, params: unknown[], options: QueryOptions | undefined) =>
    CACHEABLE.test(text) ? db._runExclusiveQuery(() => run<T>(text, params, options)) : undefined;

  return {
    get preparedCount() {
      return cache.size;
    },
    async query<T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> {
      if (!CACHEABLE.test(text)) return client.query<T>(text, params, options);
      await client.waitReady;
      const result = await db._runExclusiveTransaction(() => db._runExclusiveQuery(() => run<T>(text, params, options)));
      await client.syncToFs(); // as query() does outside a transaction (a no-op in memory)
      return result;
    },
    transaction<T>(fn: (tx: PreparedPgliteTx) => Promise<T>): Promise<T> {
      return client.transaction((tx: Transaction) =>
        fn({
          query: <R>(text: string, params: unknown[] = [], options?: QueryOptions) => {
            if (tx.closed) throw new Error('Transaction is closed');
            return inTx<R>(text, params, options) ?? tx.query<R>(text, params, options);
          },
          exec: (text: string) => tx.exec(text),
          rollback: () => tx.rollback(),
          get closed() {
            return tx.closed;
          },
        }),
      );
    },
  };
}

type Parsers = Record<number, (value: string, typeId: number) => unknown>;
interface BackendMsg {
  name: string;
  fields?: Array<{ name: string; dataTypeID: number } | string | null>;
  text?: string;
}

/**
 * The first command's result, as PGlite's parseResults()[0] gives it, without its per-call copy of
 * the whole parser table (drizzle passes a few parsers with every query; PGlite merges them into a
 * copy of its hundreds of entries each time, the largest JS cost of a statement).
 */
function firstResult<T>(msgs: BackendMsg[], parsers: Parsers, options: QueryOptions | undefined): Results<T> {
  const own = options?.parsers as Parsers | undefined;
  const asArray = options?.rowMode === 'array';
  let fields: Array<{ name: string; dataTypeID: number }> = [];
  const rows: unknown[] = [];
  let affectedRows = 0;
  for (const m of msgs) {
    if (m.name === 'rowDescription') {
      fields = (m.fields as Array<{ name: string; dataTypeID: number }>).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
    } else if (m.name === 'dataRow') {
      const values = m.fields as Array<string | null>;
      const parsed = values.map((v, i) => {
        if (v === null) return null;
        const type = fields[i]!.dataTypeID;
        const p = own?.[type] ?? parsers[type];
        return p ? p(v, type) : v;
      });
      rows.push(asArray ? parsed : Object.fromEntries(fields.map((f, i) => [f.name, parsed[i]])));
    } else if (m.name === 'commandComplete') {
      const words = m.text!.split(' ');
      const command = words[0]!;
      const count = parseInt(words[words.length - 1]!, 10);
      if (['INSERT', 'UPDATE', 'DELETE', 'COPY', 'MERGE'].includes(command)) affectedRows += count;
      const result: Results<T> & { command?: string; rowCount?: number } = { rows: rows as T[], fields, affectedRows, command };
      if (!Number.isNaN(count)) result.rowCount = count;
      return result;
    }
  }
  return { affectedRows: 0, rows: [], fields: [] };
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// PGlite with a prepared-statement cache. PGlite's own query() parses, analyses and describes
// every statement afresh (an unnamed statement, four calls into the WASM backend per statement);
// the same texts recur all day (repositories build a handful of shapes), so each distinct text is
// parsed once as a named statement and later runs are one call: Bind + Describe + Execute + Sync.
// That makes a typical statement ≈4× cheaper (bench:sim --statements shows the per-event counts).
// Used for drizzle's queries and the fixed-SQL runner (intake) alike; the semantics of query() are
// kept: the same locks (one statement at a time; outside a transaction none runs while one is
// open), the same parameter serialisation (by the parameter types the backend described), the
// same result parsing (PGlite's parsers by column type; the reply itself is read by pg-wire.ts,
// not by PGlite's slower reader), the same DatabaseError thrown after the backend has
// resynchronised, notices ignored, files flushed after a write outside a transaction. Only data
// statements are cached: DDL and transaction control (migrations, BEGIN, SAVEPOINT) go through
// PGlite's own path, so no cached plan outlives a schema change it could not follow.
import { protocol, type PGlite, type QueryOptions, type Results } from '@electric-sql/pglite';
import { bindDescribeExecuteSync, Reply, type Parsers } from './pg-wire.js';

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
  const reply = new Reply(); // one call's reply at a time: every call runs under PGlite's query lock

  // The raw stream hands the reply's bytes over unread (PGlite's own reader is the costly part of a
  // statement on the JS side, see pg-wire.ts); the first database error in it is thrown once the
  // whole reply is in, as execProtocolStream does, and the backend has by then resynchronised (Sync).
  async function send(msg: Uint8Array): Promise<Reply> {
    reply.reset();
    await db.execProtocolRawStream(msg, { syncToFs: false, onRawData: reply.append });
    const err = reply.firstError();
    if (err) throw err;
    return reply;
  }

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
    const described = await send(concat([serialize.parse({ name, text, types: options?.paramTypes ?? [] }), serialize.describe({ type: 'S', name }), serialize.sync()]));
    const p = { name, paramTypes: described.paramTypes() };
    cache.set(text, p);
    return p;
  }

  /** Parameters as text, by the types the backend described (PGlite's serializers, the query's own first). */
  function serializeParams(params: unknown[], types: number[], options: QueryOptions | undefined): Array<string | null> {
    const own = options?.serializers;
    const values = new Array<string | null>(params.length);
    for (let i = 0; i < params.length; i++) {
      const v = params[i];
      if (v === null || v === undefined) {
        values[i] = null;
        continue;
      }
      const type = types[i]!;
      const s = own?.[type] ?? client.serializers[type];
      values[i] = s ? s(v) : String(v);
    }
    return values;
  }

  async function run<T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    try {
      const p = await prepare(text, options);
      const done = await send(bindDescribeExecuteSync(p.name, serializeParams(params, p.paramTypes, options)));
      return done.firstResult<T>(client.parsers, options?.parsers as Parsers | undefined, options?.rowMode === 'array');
    } catch (err) {
      if (err && typeof err === 'object') Object.assign(err, { query: text, params });
      throw err;
    }
  }

  // BEGIN, COMMIT and ROLLBACK: one simple query each, read here. PGlite's transaction() sends
  // each as a query followed by a separate Sync and reads the reply with its own slower reader:
  // per transaction that cost about as much as a short statement.
  const control = (text: 'BEGIN' | 'COMMIT' | 'ROLLBACK') =>
    db._runExclusiveQuery(async () => (await send(serialize.query(text))).firstResult(client.parsers, undefined, false).command);

  /** A statement not to be cached (DDL, SAVEPOINT…) inside a transaction: the unnamed statement, parsed for this run only. */
  async function runOnce<T>(text: string, params: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
    try {
      const described = await send(concat([serialize.parse({ name: '', text, types: options?.paramTypes ?? [] }), serialize.describe({ type: 'S', name: '' }), serialize.sync()]));
      const types = described.paramTypes();
      const done = await send(bindDescribeExecuteSync('', serializeParams(params, types, options)));
      return done.firstResult<T>(client.parsers, options?.parsers as Parsers | undefined, options?.rowMode === 'array');
    } catch (err) {
      if (err && typeof err === 'object') Object.assign(err, { query: text, params });
      throw err;
    }
  }

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
    async transaction<T>(fn: (tx: PreparedPgliteTx) => Promise<T>): Promise<T> {
      await client.waitReady;
      return db._runExclusiveTransaction(async () => {
        await control('BEGIN');
        let closed = false;
        const open = () => {
          if (closed) throw new Error('Transaction is closed');
        };
        const tx: PreparedPgliteTx = {
          query: <R>(text: string, params: unknown[] = [], options?: QueryOptions) => {
            open();
            return db._runExclusiveQuery(() => (CACHEABLE.test(text) ? run<R>(text, params, options) : runOnce<R>(text, params, options)));
          },
          exec: async (text: string) => {
            open();
            return db._runExclusiveQuery(async () => [(await send(serialize.query(text))).firstResult(client.parsers, undefined, false)]);
          },
          rollback: async () => {
            open();
            await control('ROLLBACK');
            closed = true;
          },
          get closed() {
            return closed;
          },
        };
        try {
          const result = await fn(tx);
          if (!closed) {
            closed = true;
            // A transaction that failed inside (an error swallowed by the caller) ends in ROLLBACK here.
            if ((await control('COMMIT')) === 'ROLLBACK') throw new Error('the transaction was rolled back: a statement in it failed');
          }
          return result;
        } catch (err) {
          if (!closed) {
            closed = true;
            await control('ROLLBACK');
          }
          throw err;
        }
      });
    },
  };
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

// A small in-process cache of reference data read on every quote, order and dispatch round:
// hubs, vehicles, drone profiles and no-fly zones (whole tables: a city has tens of each) and
// products (by id and SKU, as asked). Only reads outside a transaction use it; reads inside one
// always go to the database (locks, consistency with the transaction's own writes).
//
// Freshness: every write to these tables goes through a repository, which tells the cache —
// at once outside a transaction, after COMMIT inside one (nothing on ROLLBACK but a drop). Vehicle
// position/status/battery updates (telemetry, several a second in a busy city) patch the cached
// row instead of dropping the table. A load that a write overtook is not kept (version check).
// That makes the cache exact when this process is the only writer: PGlite (its data folder is
// locked to one process). With PostgreSQL other processes may write too, so entries there also
// expire after `ttlMs` (1 s by default): a vehicle's status or a new zone is seen at most that late
// by quotes and by the eligibility read of a dispatch round; the round re-reads what it relies on
// (routes, stops, vehicle state) inside its own transaction.

export type ReferenceTable = 'hubs' | 'vehicles' | 'droneProfiles' | 'noFlyZones' | 'products';

interface Entry {
  rows: unknown[];
  loadedAt: number;
}

export class ReferenceCache {
  private readonly tables = new Map<ReferenceTable, Entry>();
  private readonly versions = new Map<ReferenceTable, number>();
  /** Products by id and by SKU (a catalogue may be large: rows are cached as they are asked for). */
  private productsById = new Map<string, { row: unknown; loadedAt: number }>();
  private productsBySku = new Map<string, { row: unknown; loadedAt: number }>();

  constructor(
    /** Entries older than this are read again; null = never (this process is the only writer). */
    readonly ttlMs: number | null,
    private readonly nowMs: () => number = () => performance.now(),
  ) {}

  private fresh(loadedAt: number): boolean {
    return this.ttlMs === null || this.nowMs() - loadedAt < this.ttlMs;
  }

  private version(t: ReferenceTable): number {
    return this.versions.get(t) ?? 0;
  }

  /** The whole table, from the cache or `load` (kept unless a write overtook the load). */
  async table<T>(t: ReferenceTable, load: () => Promise<T[]>): Promise<T[]> {
    const e = this.tables.get(t);
    if (e && this.fresh(e.loadedAt)) return e.rows as T[];
    const v = this.version(t);
    const loadedAt = this.nowMs();
    // Frozen: rows are shared between callers, so a caller changing one would change it for all.
    const rows = (await load()).map((r) => Object.freeze(r));
    if (this.version(t) === v) this.tables.set(t, { rows, loadedAt });
    return rows;
  }

  /**
   * The table if it is cached and fresh, without reading: for use inside a transaction, where a
   * read outside it would wait for it to end on PGlite (one connection).
   */
  peek<T>(t: ReferenceTable): readonly T[] | undefined {
    const e = this.tables.get(t);
    return e && this.fresh(e.loadedAt) ? (e.rows as T[]) : undefined;
  }

  /** Products by key ('id' or 'sku'): cached ones, the missing ones read by `load` in one statement. */
  async products<T extends { id: string; sku: string }>(key: 'id' | 'sku', values: readonly string[], load: (missing: string[]) => Promise<T[]>): Promise<T[]> {
    const map = key === 'id' ? this.productsById : this.productsBySku;
    const out: T[] = [];
    const missing: string[] = [];
    for (const k of new Set(values)) {
      const e = map.get(k);
      if (e && this.fresh(e.loadedAt)) out.push(e.row as T);
      else missing.push(k);
    }
    if (missing.length) {
      const v = this.version('products');
      const loadedAt = this.nowMs();
      const rows = await load(missing);
      const keep = this.version('products') === v;
      for (const r of rows) {
        Object.freeze(r);
        out.push(r);
        if (keep) {
          this.productsById.set(r.id, { row: r, loadedAt });
          this.productsBySku.set(r.sku, { row: r, loadedAt });
        }
      }
    }
    return out;
  }

  /** A write changed the table in a way the cache cannot follow: read it again next time. */
  invalidate(t: ReferenceTable): void {
    this.versions.set(t, this.version(t) + 1);
    this.tables.delete(t);
    if (t === 'products') {
      this.productsById = new Map();
      this.productsBySku = new Map();
    }
  }

  /** A committed update of one vehicle row: the cached row takes the same values. */
  patchVehicle(id: string, patch: Record<string, unknown>): void {
    this.versions.set('vehicles', this.version('vehicles') + 1);
    const e = this.tables.get('vehicles');
    if (!e) return;
    // Rows handed out earlier stay as they were (callers may hold them): replace, do not mutate.
    e.rows = e.rows.map((r) => ((r as { id: string }).id === id ? Object.freeze({ ...(r as object), ...patch }) : r));
  }
}

/**
 * What a transaction's writes will do to the cache once it commits. Savepoints get a child: when
 * a savepoint rolls back, its effects are replaced by drops of the tables it touched.
 */
export class CacheEffects {
  private readonly pending: Array<{ table: ReferenceTable; apply: (c: ReferenceCache) => void }> = [];

  constructor(private readonly cache: ReferenceCache) {}

  add(table: ReferenceTable, apply: (c: ReferenceCache) => void): void {
    this.pending.push({ table, apply });
  }

  child(): CacheEffects {
    return new CacheEffects(this.cache);
  }

  /** A savepoint committed into this transaction: its effects wait for this one's COMMIT. */
  adopt(child: CacheEffects): void {
    this.pending.push(...child.pending);
  }

  /** A savepoint rolled back: what it touched is dropped (its writes are gone, the cache may not have them either way). */
  adoptRolledBack(child: CacheEffects): void {
    for (const t of new Set(child.pending.map((p) => p.table))) this.add(t, (c) => c.invalidate(t));
  }

  commit(): void {
    for (const p of this.pending) p.apply(this.cache);
    this.pending.length = 0;
  }

  /** Rolled back: nothing was written, but drop what was touched (cheap, and safe whatever happened). */
  rollback(): void {
    for (const t of new Set(this.pending.map((p) => p.table))) this.cache.invalidate(t);
    this.pending.length = 0;
  }
}

/** Where repositories send their writes: straight to the cache, or to the transaction's pending effects. */
export interface CacheSink {
  cache: ReferenceCache;
  /** Null outside a transaction. */
  effects: CacheEffects | null;
}

export function afterWrite(sink: CacheSink | undefined, table: ReferenceTable, apply: (c: ReferenceCache) => void): void {
  if (!sink) return;
  if (sink.effects) sink.effects.add(table, apply);
  else apply(sink.cache);
}

/** Cached read when outside a transaction with a cache; the database otherwise. */
export const cachedReads = (sink: CacheSink | undefined): ReferenceCache | null => (sink && !sink.effects ? sink.cache : null);

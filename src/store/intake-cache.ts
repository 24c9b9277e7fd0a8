// The reference data order intake needs (hubs, products by SKU, addresses) kept in memory, so
// that an order usually costs one statement, its write. A snapshot is only ever a proposal: the
// write checks, in the same statement, that the reference version it was built from is still
// the database's (src/store/intake.ts). Every change to hubs, and every update or delete of
// products and addresses, bumps that version by trigger (migration 0004), whichever process
// or tool makes it; a write built on an older version declines and the order takes the
// transactional path, which reads afresh. So several servers on one database stay correct
// without talking to each other: each learns of another's change at its next write.
// Inserted products and addresses need no bump: a SKU or address not in the cache is read.
// Stock is cached only as a hint for choosing the hub; the write's guarded reservation, and its
// check that no better-ranked hub has the stock, are the truth.
import type { IntakeAddress, IntakeHub, IntakeProduct, IntakeSnapshot, IntakeStock } from './intake.js';
import type { QuoteRow } from './repos/quotes.js';

/** Entries kept per map before it is emptied (a large customer base must not grow memory without bound). */
const MAX_ENTRIES = 50_000;

interface CachedProduct {
  product: IntakeProduct;
  /** Units available per hub (on hand − reserved) when last read, minus what this process reserved since. */
  available: Map<string, number>;
}

/** A snapshot built from the cache, with the reference version its write must still find. */
export interface CachedSnapshot extends IntakeSnapshot {
  version: number;
}

export class IntakeReferenceCache {
  private version: number | undefined;
  private hubs: IntakeHub[] = [];
  private readonly addresses = new Map<string, IntakeAddress>();
  private readonly products = new Map<string, CachedProduct>(); // by SKU
  /** Quotes this process stored, for orders citing them. A quote never changes once stored, so no version guards them. */
  private readonly quotes = new Map<string, QuoteRow>();

  rememberQuote(row: QuoteRow): void {
    bounded(this.quotes).set(row.id, row);
  }

  quote(id: string): QuoteRow | undefined {
    return this.quotes.get(id);
  }

  /** The snapshot for an order, or undefined when something it needs is not cached (read it, then `fill`). */
  get(addressId: string, skus: readonly string[]): CachedSnapshot | undefined {
    if (this.version === undefined) return undefined;
    const address = this.addresses.get(addressId);
    if (!address) return undefined;
    const products: IntakeProduct[] = [];
    const stock: IntakeStock[] = [];
    for (const sku of skus) {
      const p = this.products.get(sku);
      if (!p) return undefined;
      products.push(p.product);
      for (const [hubId, units] of p.available) stock.push({ hubId, productId: p.product.id, onHand: units, reserved: 0 });
    }
    return { version: this.version, address, products, stock, hubs: this.hubs };
  }

  /**
   * Takes in what one read returned (one statement, so one consistent snapshot at `version`).
   * A read at another version than the cache's replaces everything: what was cached may have changed.
   */
  fill(version: number, snap: IntakeSnapshot, skus: readonly string[]): void {
    if (version !== this.version) this.clear();
    this.version = version;
    this.hubs = snap.hubs;
    if (snap.address) bounded(this.addresses).set(snap.address.id, snap.address);
    const bySku = new Map(snap.products.map((p) => [p.sku, p]));
    for (const sku of skus) {
      const product = bySku.get(sku);
      if (!product) continue; // unknown SKUs are never cached: one created later must be found
      const available = new Map<string, number>();
      for (const s of snap.stock) if (s.productId === product.id) available.set(s.hubId, s.onHand - s.reserved);
      bounded(this.products).set(sku, { product, available });
    }
  }

  /** After a write committed: this process reserved `lines` at `hubId`. */
  reserved(hubId: string, lines: ReadonlyArray<{ sku: string; quantity: number }>): void {
    for (const l of lines) {
      const p = this.products.get(l.sku);
      const units = p?.available.get(hubId);
      if (p && units !== undefined) p.available.set(hubId, units - l.quantity);
    }
  }

  /** After a write declined on stock: the hints of these SKUs are wrong, read them again. */
  forgetStock(skus: readonly string[]): void {
    for (const sku of skus) this.products.delete(sku);
  }

  /** After a write found another reference version: everything cached may be out of date. */
  stale(versionFound: number): void {
    if (versionFound !== this.version) this.clear();
  }

  clear(): void {
    this.version = undefined;
    this.hubs = [];
    this.addresses.clear();
    this.products.clear();
  }
}

function bounded<K, V>(m: Map<K, V>): Map<K, V> {
  if (m.size >= MAX_ENTRIES) m.clear();
  return m;
}

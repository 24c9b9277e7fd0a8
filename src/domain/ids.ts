// Prefixed, time-sortable ids: `<prefix>_` + 10 Crockford base32 chars of epoch milliseconds
// + 16 random chars (80 bits). Within one millisecond the random part is incremented, so ids
// from one generator sort in creation order (ULID's monotonic rule).
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type IdPrefix =
  | 'hub' | 'prd' | 'cus' | 'adr' | 'ord' | 'evt' | 'obx' | 'key' | 'adj' | 'aud'
  | 'sup' | 'rr' | 'po' | 'veh' | 'pln' | 'rte' | 'stp' | 'whs' | 'whd' | 'wha' | 'dev' | 'agr'
  | (string & {});

export class IdGenerator {
  private lastMs = -1;
  private lastRandom: number[] = [];

  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly random: (n: number) => Uint8Array = pooledRandom,
  ) {}

  next(prefix: IdPrefix): string {
    const ms = Math.max(this.nowMs(), this.lastMs);
    if (ms === this.lastMs) this.increment();
    else {
      this.lastMs = ms;
      this.lastRandom = Array.from(this.random(16), (b) => b & 31);
    }
    return `${prefix}_${encodeTime(ms)}${this.lastRandom.map((d) => ALPHABET[d]).join('')}`;
  }

  private increment(): void {
    for (let i = this.lastRandom.length - 1; i >= 0; i--) {
      if (this.lastRandom[i]! < 31) {
        this.lastRandom[i]!++;
        return;
      }
      this.lastRandom[i] = 0;
    }
    this.lastMs++; // 80 bits exhausted within a millisecond: borrow the next one
  }
}

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32]! + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

/** Epoch milliseconds encoded in an id (for debugging and tests). */
export function idTimeMs(id: string): number {
  const body = id.slice(id.indexOf('_') + 1, id.indexOf('_') + 11);
  let ms = 0;
  for (const c of body) ms = ms * 32 + ALPHABET.indexOf(c);
  return ms;
}

// Random bytes drawn from the OS 4 KiB at a time: one call per id costs a system call (order
// intake draws several ids per order). The bytes returned are read at once, never kept.
const pool = new Uint8Array(4096);
let poolAt = pool.length;
function pooledRandom(n: number): Uint8Array {
  if (n > pool.length) return randomFillSync(new Uint8Array(n));
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += n;
  return pool.subarray(poolAt - n, poolAt);
}

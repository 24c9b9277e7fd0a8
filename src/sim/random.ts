// Seeded randomness for the simulation: every draw comes from one of these streams, so the same
// seed replays the same day. Separate streams per purpose (demand, failures, ids) keep one part
// from shifting another's draws when it changes.
import { seededRandom } from '../demo/random.js';

export type Rng = () => number;

export function rng(seed: number, stream: number): Rng {
  // Mix the stream into the seed (golden-ratio step) so streams of one seed are unrelated.
  return seededRandom((seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0);
}

/** Integer in [min, max]. */
export const intBetween = (r: Rng, min: number, max: number): number => min + Math.floor(r() * (max - min + 1));

/** Poisson-distributed count with mean `lambda` (Knuth for small means, normal approximation above 50). */
export function poisson(r: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 50) {
    const u = Math.max(r(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
    return Math.max(0, Math.round(lambda + z * Math.sqrt(lambda)));
  }
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = r();
  while (p > limit) {
    k++;
    p *= r();
  }
  return k;
}

/** Index drawn with probability proportional to `weights` (cumulative table built by the caller). */
export function pickWeighted(r: Rng, cumulative: Float64Array): number {
  const x = r() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function cumulativeWeights(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (out[i] = s += w));
  return out;
}

/** Byte source for the domain's id generator, so ids (and their order) replay too. */
export function seededBytes(seed: number): (n: number) => Uint8Array {
  const r = rng(seed, 99);
  return (n) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
}

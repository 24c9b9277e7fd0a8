// Simulated time: one clock the domain reads (DomainContext.nowMs) and the event queue advances.
// Events at the same instant run in the order they were scheduled (a sequence number breaks ties),
// which keeps runs deterministic.
export class SimClock {
  private t: number;

  constructor(startS: number) {
    this.t = startS;
  }

  /** Epoch seconds. */
  get nowS(): number {
    return this.t;
  }

  /** For DomainContext.nowMs. */
  readonly nowMs = (): number => this.t * 1000;

  advanceTo(tS: number): void {
    if (tS < this.t) throw new Error(`simulated time cannot go back (${tS} < ${this.t})`);
    this.t = tS;
  }
}

interface Entry<T> {
  at: number;
  seq: number;
  event: T;
}

/** Binary min-heap of timed events ordered by (time, scheduling order). */
export class EventQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(at: number, event: T): void {
    const e = { at, seq: this.seq++, event };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  peekTime(): number {
    return this.heap.length ? this.heap[0]!.at : Infinity;
  }

  pop(): { at: number; event: T } | undefined {
    const h = this.heap;
    if (!h.length) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return { at: top.at, event: top.event };
  }
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

// One poller of the outbox per process, shared by every SSE connection. It reads rows after the
// last seq it has seen and hands them to the listeners in seq order.
//
// Sequence numbers are taken when a transaction inserts, not when it commits, so on PostgreSQL
// seq 11 can become visible before seq 10. The tail therefore stops at a gap and waits for it
// to fill; a gap older than `gapWaitMs` is a rolled-back insert and is skipped.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DomainContext } from '../domain/context.js';
import type { OutboxRow } from '../store/index.js';

export type TailListener = (rows: OutboxRow[]) => void;

export class OutboxTail {
  private readonly listeners = new Set<TailListener>();
  private lastSeq = -1;
  private gapSince: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;

  constructor(
    private readonly ctx: DomainContext,
    private readonly pollMs = 250,
    private readonly gapWaitMs = 2000,
  ) {}

  /** Highest seq already handed out (or the outbox head when the tail started). */
  get position(): number {
    return this.lastSeq;
  }

  async subscribe(listener: TailListener): Promise<() => void> {
    // An idle tail (no listeners, not polling) restarts from the outbox head, not from where it stopped.
    if (this.listeners.size === 0) {
      this.lastSeq = await this.ctx.store.repos.webhooks.lastOutboxSeq();
      this.gapSince = null;
    }
    this.listeners.add(listener);
    if (!this.timer) this.timer = setInterval(() => void this.poll(), this.pollMs);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const rows = await this.ctx.store.repos.webhooks.outboxAfter(this.lastSeq, 500);
      const ready: OutboxRow[] = [];
      let expect = this.lastSeq + 1;
      for (const r of rows) {
        if (r.seq !== expect) {
          const now = Date.now();
          this.gapSince ??= now;
          if (now - this.gapSince < this.gapWaitMs) break; // wait for the missing seq to commit
        }
        this.gapSince = null;
        ready.push(r);
        expect = r.seq + 1;
      }
      if (ready.length) {
        this.lastSeq = ready[ready.length - 1]!.seq;
        for (const l of this.listeners) l(ready);
      }
    } catch {
      // A failed poll (database restarting) is retried on the next interval.
    } finally {
      this.polling = false;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }
}

/**
 * One outbox tail per Fastify instance plus the set of open streams it feeds. Streams never end
 * by themselves, so they are ended before the server closes (or close would wait forever), and
 * the tail stops with the server.
 */
export function serverStreams(app: FastifyInstance, ctx: DomainContext): { tail: OutboxTail; open: Set<FastifyReply> } {
  const tail = new OutboxTail(ctx);
  const open = new Set<FastifyReply>();
  app.addHook('preClose', async () => {
    for (const reply of open) reply.raw.end();
    open.clear();
  });
  app.addHook('onClose', async () => tail.close());
  return { tail, open };
}

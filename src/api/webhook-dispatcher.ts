// The webhook dispatcher: a loop that (1) relays the outbox (fan-out to subscriptions and the
// platform's reactions, src/domain/outbox-relay.ts), (2) POSTs due deliveries, signed, and records
// every attempt, and (3) now and then runs the sweeps (access-grant expiry, replenishment).
//
// Guarantees: no event is lost (fan-out commits with the event's "published" mark); a delivery
// that got a 2xx is never sent again (its state leaves `pending` in the same write that stores the
// attempt). A dispatcher killed between a 2xx and that write re-sends once its lease expires:
// delivery is at least once, and receivers de-duplicate on the event id (`Relais-Event-Id`).
//
// `relais serve` starts it when the server listens (onListen) and stops it on close; tests drive
// `tick()` by hand with an injected clock and fetch.
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { DomainContext } from '../domain/context.js';
import { nowS } from '../domain/context.js';
import { relayOutboxBatch } from '../domain/outbox-relay.js';
import { runReplenishment } from '../domain/replenishment.js';
import { SYSTEM_ACTOR } from '../domain/actor.js';
import { expireAccessGrants } from '../domain/smart-home/grants.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../domain/webhook-backoff.js';
import { claimDueDeliveries, recordAttempts, type AttemptOutcome, type DueDelivery } from '../domain/webhook-deliveries.js';
import type { WebhookDeliveryRow } from '../store/index.js';
import { signatureHeader } from '../domain/webhook-signature.js';
import { guardedFetch } from '../domain/guarded-fetch.js';
import type { ApiDeps } from './deps.js';

export interface DispatcherOptions {
  backoff: BackoffPolicy;
  /** Per-attempt HTTP timeout. */
  timeoutMs: number;
  /** How long a claimed delivery is reserved for this dispatcher (must exceed timeoutMs). */
  leaseS: number;
  /** Deliveries claimed per round. */
  batchSize: number;
  /**
   * Outbox events per relay transaction. A relay transaction costs a dozen statements whatever its
   * size (claim, subscriptions, the reactions' rule, stock and purchase-order reads, the mark), so
   * at a thousand orders a second batches of 100 spent more CPU on those than on the events.
   */
  relayBatchSize: number;
  /** Parallel HTTP calls. */
  concurrency: number;
  /** Pause between ticks when idle. */
  pollMs: number;
  /** Interval of the grant-expiry and replenishment sweeps. */
  sweepEveryS: number;
  fetch: typeof fetch;
  random: () => number;
  onError: (err: unknown, where: string) => void;
}

export interface TickResult {
  relayed: number;
  fannedOut: number;
  attempted: number;
  delivered: number;
  failed: number;
}

export class WebhookDispatcher {
  readonly opts: DispatcherOptions;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private lastSweepS = -Infinity;

  constructor(
    private readonly ctx: DomainContext,
    opts: Partial<DispatcherOptions> = {},
  ) {
    this.opts = {
      backoff: DEFAULT_BACKOFF,
      timeoutMs: 10_000,
      leaseS: 60,
      batchSize: 100,
      relayBatchSize: 500,
      concurrency: 8,
      pollMs: 500,
      sweepEveryS: 60,
      // Refuses private targets just before connecting (DNS rebinding): see guarded-fetch.ts.
      fetch: guardedFetch,
      random: Math.random,
      onError: (err, where) => console.error(`webhook dispatcher: ${where}: ${(err as Error).message}`),
      ...opts,
    };
  }

  /** One round: relay the outbox until empty, send due deliveries, run sweeps when due. */
  async tick(): Promise<TickResult> {
    const r: TickResult = { relayed: 0, fannedOut: 0, attempted: 0, delivered: 0, failed: 0 };
    for (;;) {
      const batch = await relayOutboxBatch(this.ctx, this.opts.relayBatchSize);
      r.relayed += batch.events;
      r.fannedOut += batch.deliveries;
      for (const e of batch.reactionErrors) this.opts.onError(new Error(e.message), `reaction to ${e.type} ${e.eventId}`);
      if (batch.events < this.opts.relayBatchSize) break;
    }
    const due = await claimDueDeliveries(this.ctx, this.opts.leaseS, this.opts.batchSize);
    r.attempted = due.length;
    let next = 0;
    const worker = async () => {
      while (next < due.length) {
        const d = due[next++]!;
        const state = await this.deliver(d);
        if (state === 'delivered') r.delivered++;
        else if (state !== null) r.failed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, due.length) }, worker));
    const now = nowS(this.ctx);
    if (now - this.lastSweepS >= this.opts.sweepEveryS) {
      this.lastSweepS = now;
      await this.sweep();
    }
    return r;
  }

  /** Expires overdue access grants and checks every reorder rule. */
  async sweep(): Promise<void> {
    await expireAccessGrants(this.ctx).catch((err) => this.opts.onError(err, 'grant expiry sweep'));
    await runReplenishment(this.ctx, SYSTEM_ACTOR).catch((err) => this.opts.onError(err, 'replenishment sweep'));
  }

  private async deliver({ delivery, subscription }: DueDelivery) {
    const body = JSON.stringify(delivery.payload);
    const t = nowS(this.ctx);
    const started = performance.now();
    let outcome: AttemptOutcome;
    try {
      const res = await this.opts.fetch(subscription.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Relais-Webhooks/1',
          'relais-signature': signatureHeader(subscription.secret, body, t),
          'relais-event-id': delivery.outboxId,
          'relais-event-type': delivery.eventType,
          'relais-delivery-id': delivery.id,
          'relais-attempt': String(delivery.attempts + 1),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      const ok = res.status >= 200 && res.status < 300;
      outcome = { statusCode: res.status, error: ok ? null : `HTTP ${res.status}`, durationMs: Math.round(performance.now() - started) };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const msg = e.name === 'TimeoutError' ? `timeout after ${this.opts.timeoutMs} ms` : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}`;
      outcome = { statusCode: null, error: msg, durationMs: Math.round(performance.now() - started) };
    }
    return this.record(delivery, outcome);
  }

  // Group commit: outcomes that finish while a write is in flight are stored together in the next
  // one, so concurrent deliveries do not each pay for a transaction (PGlite flushes on commit).
  private queue: Array<{ delivery: WebhookDeliveryRow; outcome: AttemptOutcome; resolve: (s: Awaited<ReturnType<typeof recordAttempts>>[number]) => void }> = [];
  private flushing: Promise<void> | null = null;

  private record(delivery: WebhookDeliveryRow, outcome: AttemptOutcome) {
    return new Promise<Awaited<ReturnType<typeof recordAttempts>>[number]>((resolve) => {
      this.queue.push({ delivery, outcome, resolve });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = this.queue.splice(0);
      try {
        const states = await recordAttempts(this.ctx, batch, this.opts.backoff, this.opts.random);
        batch.forEach((b, i) => b.resolve(states[i]!));
      } catch (err) {
        this.opts.onError(err, `recording ${batch.length} attempt(s)`);
        batch.forEach((b) => b.resolve(null));
      }
    }
    this.flushing = null;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.tick()
        .then(() => undefined)
        .catch((err) => this.opts.onError(err, 'tick'));
      await this.running;
      this.running = null;
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.opts.pollMs);
    };
    void loop();
  }

  /** Stops the loop and waits for the round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) await this.running;
  }
}

/**
 * Route-module-shaped registration: the dispatcher runs while the server listens (so
 * `app.inject()` tests never start it) and stops when the app closes.
 */
export function registerWebhookDispatcher(app: FastifyInstance, { ctx }: ApiDeps): void {
  const dispatcher = new WebhookDispatcher(ctx, { onError: (err, where) => app.log.error({ err }, `webhook dispatcher: ${where}`) });
  app.addHook('onListen', async () => dispatcher.start());
  app.addHook('onClose', async () => dispatcher.stop());
}

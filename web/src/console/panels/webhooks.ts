// Webhook deliveries and failures (read from the API; hidden when the server has none).
import { formatDateTime, h } from '../../shared/format.js';

type Loose = Record<string, unknown>;

export interface Delivery {
  id: string;
  eventType: string;
  state: string;
  attempts: number;
  lastError: string | null;
  url: string | null;
  at: string | null;
}

export function toDelivery(raw: Loose, subscription: Loose = {}): Delivery {
  const log = Array.isArray(raw.attemptLog) ? raw.attemptLog : Array.isArray(raw.attempts) ? raw.attempts : [];
  const lastAttempt = log[log.length - 1] as Loose | undefined;
  const err = raw.lastError ?? lastAttempt?.error ?? (lastAttempt?.statusCode ? `HTTP ${String(lastAttempt.statusCode)}` : null);
  return {
    id: String(raw.id ?? ''),
    eventType: String(raw.eventType ?? raw.type ?? ''),
    state: String(raw.state ?? ''),
    attempts: typeof raw.attempts === 'number' ? raw.attempts : Array.isArray(raw.attempts) ? raw.attempts.length : Number(raw.attemptCount ?? 0),
    lastError: typeof err === 'string' ? err : null,
    url: typeof subscription.url === 'string' ? subscription.url : typeof raw.url === 'string' ? raw.url : null,
    at: typeof raw.deliveredAt === 'string' ? raw.deliveredAt : typeof raw.createdAt === 'string' ? raw.createdAt : null,
  };
}

export class WebhooksPanel {
  private readonly summary = h('p', { class: 'count', 'aria-live': 'polite' });
  private readonly body = h('tbody');
  readonly el = h(
    'div',
    { class: 'panel-body' },
    this.summary,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'data', id: 'webhooks-table' },
        h('caption', { class: 'sr-only' }, 'Webhook deliveries, newest first'),
        h('thead', {}, h('tr', {}, ...['Event', 'Endpoint', 'State', 'Attempts', 'Last error', 'Time'].map((t) => h('th', { scope: 'col' }, t)))),
        this.body,
      ),
    ),
  );

  update(deliveries: Delivery[]): void {
    const failed = deliveries.filter((d) => d.state === 'failed' || d.state === 'dead').length;
    const pending = deliveries.filter((d) => d.state === 'pending' || d.state === 'retrying').length;
    this.summary.textContent = `${deliveries.length} deliveries · ${failed} failed · ${pending} pending`;
    this.body.replaceChildren(
      ...deliveries.slice(0, 200).map((d) =>
        h(
          'tr',
          {},
          h('td', {}, d.eventType),
          h('td', { class: 'url' }, d.url ?? '—'),
          h('td', {}, h('span', { class: `badge ws-${d.state}` }, d.state)),
          h('td', { class: 'num' }, String(d.attempts)),
          h('td', {}, d.lastError ?? '—'),
          h('td', {}, formatDateTime(d.at)),
        ),
      ),
    );
  }
}

// Display helpers: times in the viewer's locale, money from integer minor units, distances.

export function formatTime(isoText: string | null | undefined): string {
  if (!isoText) return '—';
  const d = new Date(isoText);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

export function formatDateTime(isoText: string | null | undefined): string {
  if (!isoText) return '—';
  const d = new Date(isoText);
  if (Number.isNaN(d.getTime())) return '—';
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' });
}

export function formatMoney(minor: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

export function formatWeight(grams: number): string {
  return grams >= 1000 ? `${(grams / 1000).toFixed(1)} kg` : `${grams} g`;
}

/** "in 12 min" / "3 min ago" relative to now. */
export function formatRelative(isoText: string | null | undefined, nowMs = Date.now()): string {
  if (!isoText) return '';
  const diffMin = Math.round((Date.parse(isoText) - nowMs) / 60_000);
  if (!Number.isFinite(diffMin)) return '';
  if (Math.abs(diffMin) < 1) return 'now';
  const abs = Math.abs(diffMin);
  const span = abs < 90 ? `${abs} min` : `${Math.floor(abs / 60)} h ${abs % 60} min`;
  return diffMin > 0 ? `in ${span}` : `${span} ago`;
}

/** Creates an element with attributes and children; text children are escaped by the DOM. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined | ((ev: Event) => void)> = {},
  ...children: Array<Node | string | null | undefined | false>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c);
  }
  return el;
}

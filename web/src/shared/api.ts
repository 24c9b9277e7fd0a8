// A thin client for the public Relais HTTP API: adds the API key, parses the
// `{ error: { code, message, details } }` envelope into ApiError, and tells a missing
// endpoint (404 route_not_found) apart from a missing record, so panels can hide
// themselves when the server does not offer a feature yet.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  /** The route itself does not exist on this server (feature not available). */
  get routeMissing(): boolean {
    return this.status === 404 && this.code === 'route_not_found';
  }
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export type Query = Record<string, string | number | boolean | undefined>;

export class Api {
  constructor(
    private readonly key: string | null,
    private readonly base = '',
  ) {}

  private headers(body: boolean, extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json', ...extra };
    if (this.key) h.authorization = `Bearer ${this.key}`;
    if (body) h['content-type'] = 'application/json';
    return h;
  }

  url(path: string, query: Query = {}): string {
    const qs = Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    return `${this.base}${path}${qs ? `?${qs}` : ''}`;
  }

  async request<T>(method: string, path: string, opts: { query?: Query; body?: unknown; headers?: Record<string, string> } = {}): Promise<T> {
    const res = await fetch(this.url(path, opts.query), {
      method,
      headers: this.headers(opts.body !== undefined, opts.headers),
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const err = (json as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
      throw new ApiError(res.status, err?.code ?? `http_${res.status}`, err?.message ?? `${method} ${path} failed with HTTP ${res.status}`, err?.details ?? {});
    }
    return json as T;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    return this.request<T>('POST', path, { body: body ?? {}, headers });
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  /** Follows `nextCursor` until the end or `maxItems`. */
  async all<T>(path: string, query: Query = {}, maxItems = 1000): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.get<Page<T>>(path, { ...query, limit: 200, cursor });
      out.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && out.length < maxItems);
    return out;
  }

  /** Like get, but resolves to null when the server has no such route (feature absent). */
  async optional<T>(path: string, query?: Query): Promise<T | null> {
    try {
      return await this.get<T>(path, query);
    } catch (e) {
      if (e instanceof ApiError && e.routeMissing) return null;
      throw e;
    }
  }
}

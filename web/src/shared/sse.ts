// Server-sent events over fetch(), because EventSource cannot send an Authorization header.
// Reconnects with a growing delay; `onStatus` reports whether the stream is live so the
// UI can fall back to polling. Stops for good when the route does not exist (404).

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export interface SseOptions {
  url: string;
  headers?: Record<string, string>;
  onEvent: (e: SseEvent) => void;
  onStatus?: (status: 'live' | 'retrying' | 'unavailable') => void;
}

/** Splits an SSE byte stream into events (the text/event-stream format). */
export function parseSseChunk(buffer: string, emit: (e: SseEvent) => void): string {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (!line || line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
    if (data.length) emit({ event, data: data.join('\n'), id });
  }
  return rest;
}

export function openSse(opts: SseOptions): () => void {
  const ctrl = new AbortController();
  let stopped = false;
  let delayMs = 1000;
  let lastId: string | undefined;

  const run = async (): Promise<void> => {
    while (!stopped) {
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream', ...opts.headers };
        if (lastId) headers['last-event-id'] = lastId;
        const res = await fetch(opts.url, { headers, signal: ctrl.signal });
        if (res.status === 404 || res.status === 401 || res.status === 403) {
          opts.onStatus?.('unavailable');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        opts.onStatus?.('live');
        delayMs = 1000;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer = parseSseChunk(buffer + value, (e) => {
            if (e.id) lastId = e.id;
            opts.onEvent(e);
          });
        }
      } catch {
        if (stopped) return;
      }
      if (stopped) return;
      opts.onStatus?.('retrying');
      await new Promise((r) => setTimeout(r, delayMs));
      delayMs = Math.min(delayMs * 2, 15_000);
    }
  };
  void run();
  return () => {
    stopped = true;
    ctrl.abort();
  };
}

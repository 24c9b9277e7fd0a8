// Counts the SQL statements a run sends, and the time spent inside the database driver, per
// label (the bench labels them by simulation event kind). Installed by patching the drivers'
// prototypes (PGlite's protocol entry point, node-postgres' Client.query), so nothing in src/
// knows about it. PGlite: one Execute message ('E') or simple query ('Q') = one statement; the
// driver time is the time inside execProtocolStream (the WASM backend plus PGlite's reading of the
// reply) or execProtocolRawStream (the WASM backend and the reply's bytes; the store reads them after).
// node-postgres: one Client.query call = one statement (BEGIN and COMMIT included); the time is
// from the call to its answer (the server's work and the round trip).
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface LabelCounts {
  statements: number;
  driverMs: number;
}

export class StatementCounter {
  label = 'other';
  readonly byLabel = new Map<string, LabelCounts>();
  /** SQL texts of the statements sent while `capturing` is set (a statement list of one event). */
  captured: string[] | null = null;
  /** Driver time per statement text (PGlite: messages that carry one statement), to find the costly ones. */
  readonly byText = new Map<string, { count: number; ms: number; bytes: number }>();

  timeStatement(text: string, ms: number, bytes: number): void {
    const key = text.replace(/\s+/g, ' ').trim();
    const t = this.byText.get(key);
    if (t) {
      t.count++;
      t.ms += ms;
      t.bytes += bytes;
    } else this.byText.set(key, { count: 1, ms, bytes });
  }

  private counts(): LabelCounts {
    let c = this.byLabel.get(this.label);
    if (!c) this.byLabel.set(this.label, (c = { statements: 0, driverMs: 0 }));
    return c;
  }

  statement(text: string | undefined): void {
    this.counts().statements++;
    if (this.captured && text !== undefined) this.captured.push(text.replace(/\s+/g, ' ').trim());
  }

  driverTime(ms: number): void {
    this.counts().driverMs += ms;
  }
}

const cstring = (msg: Uint8Array, at: number): [string, number] => {
  let end = at;
  while (end < msg.length && msg[end] !== 0) end++;
  return [Buffer.from(msg.buffer, msg.byteOffset + at, end - at).toString('utf8'), end + 1];
};

/**
 * The statements a buffer of frontend messages runs: one per Execute ('E', named by the Bind
 * before it, whose statement's text a Parse gave earlier) and one per simple Query ('Q').
 */
function statementsIn(msg: Uint8Array, names: Map<string, string>, state: { unnamed: string; bound: string }): string[] {
  const out: string[] = [];
  const view = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  for (let at = 0; at + 5 <= msg.length; ) {
    const kind = msg[at]!;
    const len = view.getInt32(at + 1);
    if (kind === 0x50) {
      const [name, next] = cstring(msg, at + 5);
      const [text] = cstring(msg, next);
      if (name) names.set(name, text);
      else state.unnamed = text;
    } else if (kind === 0x42) {
      const [, next] = cstring(msg, at + 5); // portal
      const [name] = cstring(msg, next);
      state.bound = name ? (names.get(name) ?? name) : state.unnamed;
    } else if (kind === 0x45) out.push(state.bound);
    else if (kind === 0x51) out.push(cstring(msg, at + 5)[0]);
    at += 1 + len;
  }
  return out;
}

export function installStatementCounter(): StatementCounter {
  const counter = new StatementCounter();
  // PGlite's own query() runs through execProtocolStream (which parses the reply), the store's
  // prepared statements through execProtocolRawStream (raw bytes, read by the store): both are timed.
  type Exec = (msg: Uint8Array, opts?: unknown) => Promise<unknown>;
  const proto = PGlite.prototype as unknown as { execProtocolStream: Exec; execProtocolRawStream: Exec };
  const names = new Map<string, string>();
  const state = { unnamed: '', bound: '' };
  const timed = (call: (self: unknown, msg: Uint8Array, opts: unknown, addBytes: (n: number) => void) => Promise<unknown>): Exec =>
    async function (this: unknown, msg: Uint8Array, opts?: unknown) {
      const texts = statementsIn(msg, names, state);
      for (const text of texts) counter.statement(text);
      const t0 = performance.now();
      let bytes = 0;
      try {
        return await call(this, msg, opts, (n) => (bytes += n));
      } finally {
        const ms = performance.now() - t0;
        counter.driverTime(ms);
        if (texts.length === 1) counter.timeStatement(texts[0]!, ms, bytes);
      }
    };
  const execStream = proto.execProtocolStream;
  proto.execProtocolStream = timed(async (self, msg, opts, addBytes) => {
    const out = await execStream.call(self, msg, opts);
    // The backend's reply messages, parsed: their lengths add up to the bytes it returned.
    if (Array.isArray(out)) for (const m of out as Array<{ length?: number }>) addBytes(m.length ?? 0);
    return out;
  });
  const execRawStream = proto.execProtocolRawStream;
  proto.execProtocolRawStream = timed((self, msg, opts, addBytes) => {
    const { onRawData } = opts as { onRawData: (bytes: Uint8Array) => void };
    return execRawStream.call(self, msg, {
      ...(opts as object),
      onRawData: (bytes: Uint8Array) => {
        addBytes(bytes.length);
        onRawData(bytes);
      },
    });
  });
  const clientProto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = clientProto.query;
  clientProto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    counter.statement(typeof first === 'string' ? first : first?.text);
    const t0 = performance.now();
    const r = query.apply(this, args);
    if (r && typeof (r as Promise<unknown>).then === 'function') {
      const label = counter.label;
      void (r as Promise<unknown>).then(
        () => addTime(counter, label, performance.now() - t0),
        () => addTime(counter, label, performance.now() - t0),
      );
    }
    return r;
  };
  return counter;
}

function addTime(counter: StatementCounter, label: string, ms: number): void {
  const was = counter.label;
  counter.label = label;
  counter.driverTime(ms);
  counter.label = was;
}

// An open-loop HTTP load generator at a fixed rate: request i is due at start + i / rate, and it
// is sent then whatever earlier requests are doing (a new keep-alive socket opens when every open
// one is busy, so it never waits for a free connection). Latency is measured from that INTENDED
// time, not from the moment the request left: when the server (or the generator) stalls, every
// request due during the stall counts the wait it would have suffered, so a stall shows in the
// percentiles in proportion to its length (coordinated omission corrected). Why not autocannon's
// `overallRate`: it lets each connection send its per-second quota back to back as fast as the
// server answers, then idle until the next second, so "1000/s" arrives as a closed-loop burst in
// the first fraction of every second.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface PacedRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface PacedLoadOptions {
  /** Base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Requests per second, evenly spaced. */
  rate: number;
  durationS: number;
  /** The i-th request (i from 0). */
  request: (i: number) => PacedRequest;
  /** A request not answered within this long is an error (its latency is not a sample). */
  timeoutMs?: number;
  /** Before the clock starts, open this many keep-alive sockets with concurrent GETs of `warm.path`. */
  warm?: { path: string; sockets: number };
  /** Keep per-request samples (intended offset, latency) for a timeline. */
  keepSamples?: boolean;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export interface PacedLoadResult {
  offeredRate: number;
  /** 2xx answers per second, from the first intended send to the last answer. */
  achievedRate: number;
  sent: number;
  ok: number;
  /** Non-2xx answers, socket errors and timeouts. */
  errors: number;
  /** Counts by status code ('error' for a failure without an answer), non-2xx only. */
  errorKinds: Record<string, number>;
  /** 2xx answers, from the intended send time (what a client arriving on schedule would see). */
  latency: Percentiles;
  /** The same answers from the actual send time (what a closed-loop tool reports). */
  service: Percentiles;
  /** How late the generator sent: actual minus intended send time. */
  lag: Percentiles;
  /** Sockets opened (warm-up included): the most requests ever in flight at once, at least. */
  sockets: number;
  /** When request 0 was due, epoch ms (to line samples up with server-side logs). */
  startedAtMs: number;
  /** Per request, when keepSamples: ms after the start it was due, and its latency (NaN when it failed). */
  samples?: { intendedMs: Float64Array; latencyMs: Float64Array };
}

/** Nearest-rank percentiles of the values (NaN when there are none). */
export function percentiles(values: ArrayLike<number>): Percentiles {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  const at = (p: number) => (n === 0 ? NaN : s[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!);
  let sum = 0;
  for (const x of s) sum += x;
  return { p50: at(50), p90: at(90), p99: at(99), max: n ? s[n - 1]! : NaN, mean: n ? sum / n : NaN };
}

export async function pacedLoad(opts: PacedLoadOptions): Promise<PacedLoadResult> {
  const { rate, durationS } = opts;
  if (!(rate > 0) || !(durationS > 0)) throw new Error('pacedLoad: rate and durationS must be > 0');
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const target = new URL(opts.url);
  let sockets = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity });
  const connect = agent.createConnection.bind(agent);
  agent.createConnection = ((...args: Parameters<typeof connect>) => {
    sockets++;
    return connect(...args);
  }) as typeof agent.createConnection;
  const base = { agent, host: target.hostname, port: target.port || 80 };

  try {
    if (opts.warm) {
      const { path, sockets: k } = opts.warm;
      await Promise.all(
        Array.from({ length: k }, () =>
          new Promise<void>((resolve, reject) => {
            http.get({ ...base, path }, (res) => res.resume().on('end', resolve)).on('error', reject);
          }),
        ),
      );
    }

    const n = Math.max(1, Math.round(rate * durationS));
    const periodMs = 1000 / rate;
    const intendedMs = new Float64Array(n); // offsets from start
    const latencyMs = new Float64Array(n).fill(NaN);
    const serviceMs = new Float64Array(n).fill(NaN);
    const lagMs = new Float64Array(n);
    const errorKinds: Record<string, number> = {};
    let ok = 0;
    let done = 0;
    let lastEnd = 0;
    const start = performance.now() + 1;

    await new Promise<void>((allDone) => {
      const finish = (i: number, status: number | 'error') => {
        const now = performance.now();
        if (typeof status === 'number' && status >= 200 && status < 300) {
          ok++;
          latencyMs[i] = now - (start + intendedMs[i]!);
          serviceMs[i] = now - (start + intendedMs[i]! + lagMs[i]!);
          lastEnd = Math.max(lastEnd, now);
        } else {
          errorKinds[String(status)] = (errorKinds[String(status)] ?? 0) + 1;
        }
        if (++done === n) allDone();
      };
      const send = (i: number) => {
        const spec = opts.request(i);
        lagMs[i] = performance.now() - (start + intendedMs[i]!);
        let settled = false;
        const settle = (status: number | 'error') => {
          if (settled) return;
          settled = true;
          finish(i, status);
        };
        const headers = { ...spec.headers, ...(spec.body !== undefined ? { 'content-length': String(Buffer.byteLength(spec.body)) } : {}) };
        const req = http.request({ ...base, method: spec.method, path: spec.path, headers }, (res) => {
          res.on('data', () => undefined);
          res.on('end', () => settle(res.statusCode ?? 0));
          res.on('error', () => settle('error'));
        });
        req.on('error', () => settle('error'));
        req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
        req.end(spec.body);
      };
      let next = 0;
      // Sends everything due by now, then sleeps until the next request is due. A late wake-up
      // sends the overdue requests at once; their lag is recorded and counts in their latency.
      const pump = () => {
        const now = performance.now() - start;
        while (next < n && next * periodMs <= now) {
          intendedMs[next] = next * periodMs;
          send(next++);
        }
        if (next < n) setTimeout(pump, Math.max(0, next * periodMs - (performance.now() - start)));
      };
      setTimeout(pump, Math.max(0, start - performance.now()));
    });

    const okOnly = (xs: Float64Array) => xs.filter((x) => !Number.isNaN(x));
    const spanS = Math.max(durationS, (lastEnd - start) / 1000);
    return {
      offeredRate: rate,
      achievedRate: ok / spanS,
      sent: n,
      ok,
      errors: n - ok,
      errorKinds,
      latency: percentiles(okOnly(latencyMs)),
      service: percentiles(okOnly(serviceMs)),
      lag: percentiles(lagMs),
      sockets,
      startedAtMs: performance.timeOrigin + start,
      ...(opts.keepSamples ? { samples: { intendedMs, latencyMs } } : {}),
    };
  } finally {
    agent.destroy();
  }
}

// The paced load generator against tiny local servers whose delays are known: it sends on an even
// schedule, it reports the server's delay, and a stall (of the server, or of the generator itself)
// shows in the percentiles for every request due during it (coordinated omission corrected).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { pacedLoad, percentiles } from '../../bench/lib/paced-load.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A server in this process answering each request after `delayMs(arrival index)`; records arrival times. */
async function localServer(delayMs: (i: number) => number, status: (i: number) => number = () => 200) {
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    const i = arrivals.length;
    arrivals.push(performance.now());
    req.resume();
    setTimeout(() => res.writeHead(status(i)).end('{}'), delayMs(i));
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => server.close(r)));
  closers.push(async () => server.closeAllConnections());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, arrivals };
}

const get = () => ({ method: 'GET', path: '/' });

describe('pacedLoad', () => {
  it('sends on an even schedule and reports a 20 ms server as ≈ 20 ms', async () => {
    const srv = await localServer(() => 20);
    const r = await pacedLoad({ url: srv.url, rate: 200, durationS: 2, request: get });
    expect(r.sent).toBe(400);
    expect(r.ok).toBe(400);
    expect(r.errors).toBe(0);
    expect(r.latency.p50).toBeGreaterThanOrEqual(20);
    expect(r.latency.p50).toBeLessThan(40);
    expect(r.achievedRate).toBeGreaterThan(190);
    expect(r.achievedRate).toBeLessThanOrEqual(200);
    // About rate × delay = 4 requests in flight: a few sockets, not one per request.
    expect(r.sockets).toBeGreaterThanOrEqual(4);
    expect(r.sockets).toBeLessThan(100);
    // Even pacing: 20 arrivals per 100 ms, never a burst of a second's quota, never a silent 100 ms.
    const t0 = srv.arrivals[0]!;
    const buckets = new Array<number>(20).fill(0);
    for (const t of srv.arrivals) buckets[Math.min(19, Math.floor((t - t0) / 100))]!++;
    expect(Math.max(...buckets)).toBeLessThanOrEqual(35);
    expect(Math.min(...buckets.slice(0, 19))).toBeGreaterThanOrEqual(8);
  });

  it('counts non-2xx answers as errors and keeps them out of the latency', async () => {
    const srv = await localServer(() => 1, (i) => (i % 10 === 0 ? 500 : 201));
    const r = await pacedLoad({ url: srv.url, rate: 200, durationS: 1, request: () => ({ method: 'POST', path: '/', body: '{"a":1}', headers: { 'content-type': 'application/json' } }) });
    expect(r.errors).toBe(20);
    expect(r.errorKinds).toEqual({ '500': 20 });
    expect(r.ok).toBe(180);
  });

  it('a server that stalls once for 300 ms shows in p99 and max: every request due during the stall waits', async () => {
    // The server runs in a worker thread and blocks its event loop (as a long GC or a synchronous
    // task would) once, 0.8 s into the run; the generator, in this thread, keeps sending.
    const worker = new Worker(
      `const http = require('node:http'); const { parentPort } = require('node:worker_threads');
       let n = 0;
       const server = http.createServer((req, res) => {
         req.resume();
         if (++n === 160) { const until = Date.now() + 300; while (Date.now() < until); }
         res.end('{}');
       });
       server.keepAliveTimeout = 10000;
       server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
       parentPort.on('message', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });`,
      { eval: true },
    );
    const port = await new Promise<number>((r) => worker.once('message', r));
    closers.push(async () => {
      worker.postMessage('close');
      await new Promise((r) => worker.once('exit', r));
    });
    const r = await pacedLoad({ url: `http://127.0.0.1:${port}`, rate: 200, durationS: 2, request: get, keepSamples: true });
    expect(r.ok).toBe(400);
    expect(r.latency.max).toBeGreaterThanOrEqual(290);
    expect(r.latency.p99).toBeGreaterThanOrEqual(250);
    // ≈ 300 ms × 200/s = 60 requests were due during the stall; those due in its first half
    // waited ≥ 150 ms: about 30, where a closed loop over one connection would record one.
    const slow = r.samples!.latencyMs.filter((x) => x >= 150).length;
    expect(slow).toBeGreaterThanOrEqual(20);
    expect(slow).toBeLessThan(60);
    // The generator was on time throughout; the wait was the server's.
    expect(r.lag.p99).toBeLessThan(50);
  });

  it('when the generator itself runs late, latency still counts from the intended send time', async () => {
    const srv = await localServer(() => 1);
    // Block this thread (and so the generator) for 150 ms, 0.5 s into the run.
    setTimeout(() => {
      const until = performance.now() + 150;
      while (performance.now() < until);
    }, 500);
    const r = await pacedLoad({ url: srv.url, rate: 200, durationS: 1.5, request: get });
    expect(r.ok).toBe(300);
    expect(r.lag.max).toBeGreaterThanOrEqual(140);
    expect(r.latency.max).toBeGreaterThanOrEqual(140);
    // Timed from their actual send, the late requests look fast: that is the omission corrected.
    expect(r.service.p99).toBeLessThan(r.latency.p99);
  });
});

describe('percentiles', () => {
  it('nearest rank', () => {
    const p = percentiles(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(p).toEqual({ p50: 50, p90: 90, p99: 99, max: 100, mean: 50.5 });
    expect(Number.isNaN(percentiles([]).p50)).toBe(true);
  });
});

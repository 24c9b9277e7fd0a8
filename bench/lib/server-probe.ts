// A preload for the benchmarked server: where does its latency tail come from? Every 100 ms it
// writes the event loop's longest delay, and every GC pause of 2 ms or more, with epoch-ms
// timestamps, to $SERVER_PROBE_OUT (default bench/results/server-probe.log, from the server's working directory), to line up against a paced run's
// --samples timeline. It changes nothing in the server but these two observers.
//   BENCH_SERVER_NODE_FLAGS="--import ./dist/bench/lib/server-probe.js" npm run bench:api -- --samples s.csv
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';

const out = process.env.SERVER_PROBE_OUT ?? 'bench/results/server-probe.log';
mkdirSync(dirname(out), { recursive: true });
const epochMs = (t = performance.now()) => (performance.timeOrigin + t).toFixed(0);
const lines: string[] = [];
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
setInterval(() => {
  lines.push(`loop_delay_max ${epochMs()} ${(delay.max / 1e6).toFixed(1)}`);
  delay.reset();
  appendFileSync(out, lines.splice(0).join('\n') + '\n');
}, 100).unref();
// kind: 1 scavenge (young generation), 2 minor mark-sweep, 4 mark-sweep-compact, 8 incremental marking, 16 weak callbacks.
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.duration >= 2) lines.push(`gc ${epochMs(e.startTime)} ${e.duration.toFixed(1)} kind ${(e as unknown as { detail?: { kind?: number } }).detail?.kind}`);
  }
}).observe({ entryTypes: ['gc'] });

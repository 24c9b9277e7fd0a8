// CPU time of processes from /proc (Linux): the cost per operation of a server and its database
// backends, which a loaded shared machine distorts far less than throughput or latency.
import { readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ, 100 on Linux

/** User + system CPU seconds of `pid`, or undefined when it is gone (or not on Linux). */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/**
 * Measures the CPU seconds a changing set of processes spends between start() and stop():
 * `pids()` is asked at both ends; a process present only at the end counts from zero (it started
 * during the interval), one gone by the end is lost (a pool closing an idle connection mid-round).
 */
export function cpuMeter(pids: () => Promise<number[]>) {
  let before = new Map<number, number>();
  return {
    async start(): Promise<void> {
      before = new Map();
      for (const pid of await pids()) {
        const s = cpuSeconds(pid);
        if (s !== undefined) before.set(pid, s);
      }
    },
    async stop(): Promise<number> {
      let total = 0;
      for (const pid of await pids()) total += (cpuSeconds(pid) ?? 0) - (before.get(pid) ?? 0);
      return total;
    },
  };
}

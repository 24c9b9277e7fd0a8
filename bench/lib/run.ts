// Solve one benchmark instance and judge it with the independent checker (never the solver's
// own figures). Peak memory is the largest RSS sampled before, during (at each progress
// report) and after the solve; worker threads share the process, so their memory counts too.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, type CheckResult } from '../../src/engine/check.js';
import type { Problem, SolveOptions } from '../../src/engine/model.js';
import { solve, type SolveResult } from '../../src/engine/solve.js';
import { solveParallel } from '../../src/jobs/solve-threads.js';

export interface InstanceRun {
  result: SolveResult;
  checked: CheckResult;
  seconds: number;
  peakRssMb: number;
}

export async function runInstance(problem: Problem, opts: { timeLimitMs: number; threads: number; seed: number }): Promise<InstanceRun> {
  let peak = process.memoryUsage().rss;
  const sample = () => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
  };
  const options: SolveOptions = { seed: opts.seed, timeLimitMs: opts.timeLimitMs, now: () => performance.now(), onProgress: sample };
  const t0 = performance.now();
  let result: SolveResult;
  if (opts.threads > 1) {
    const timer = setInterval(sample, 200); // the main thread is free while workers solve
    try {
      result = await solveParallel(problem, { ...options, threads: opts.threads });
    } finally {
      clearInterval(timer);
    }
  } else {
    result = solve(problem, options);
  }
  const seconds = (performance.now() - t0) / 1000;
  sample();
  const checked = check(problem, result.solution);
  return { result, checked, seconds, peakRssMb: peak / 1024 / 1024 };
}

/** The instances folder: --data, else bench/instances from the working directory or beside the script. */
export function instancesDir(data: string | undefined): string {
  if (data) return resolve(data);
  const fromCwd = resolve('bench/instances');
  if (existsSync(fromCwd)) return fromCwd;
  return fileURLToPath(new URL('../../../bench/instances/', import.meta.url));
}

export function gapPercent(cost: number, bks: number): number {
  return (100 * (cost - bks)) / bks;
}

export function mean(xs: number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Two decimals, without a "-0.00" when the cost matches a BKS published with fewer decimals. */
export function formatGap(gap: number): string {
  const s = gap.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

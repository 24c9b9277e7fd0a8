// In-process jobs: per-key serial queue, solves in a worker thread (the event loop keeps ticking,
// the answer passes the independent checker), and the JSON codec used for queues.
import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.js';
import { KeyedSerialQueue } from '../../src/jobs/keyed-queue.js';
import { LocalJobs } from '../../src/jobs/local.js';
import { decodeProblem, encodeProblem } from '../../src/jobs/problem-codec.js';
import { solveInThread } from '../../src/jobs/thread-solve.js';
import { smallProblem } from './fixtures.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedSerialQueue', () => {
  it('runs tasks of one key one at a time, in order, and different keys side by side', async () => {
    const q = new KeyedSerialQueue();
    const log: string[] = [];
    let running = 0;
    let maxSameKey = 0;
    const task = (key: string, name: string, ms: number, fail = false) =>
      q.run(key, async () => {
        if (key === 'a') maxSameKey = Math.max(maxSameKey, ++running);
        log.push(`start ${name}`);
        await sleep(ms);
        log.push(`end ${name}`);
        if (key === 'a') running--;
        if (fail) throw new Error(`${name} failed`);
        return name;
      });
    const results = await Promise.allSettled([task('a', 'a1', 30, true), task('a', 'a2', 10), task('b', 'b1', 5), task('a', 'a3', 1)]);
    expect(maxSameKey).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    // b1 ran while a1 was still running; a's tasks ran strictly one after another despite a1 failing.
    expect(log.indexOf('end b1')).toBeLessThan(log.indexOf('end a1'));
    expect(log.filter((l) => / a\d$/.test(l))).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
    await q.idle();
    expect(q.busyKeys()).toEqual([]);
  });
});

describe('problem codec', () => {
  it('round-trips matrices and infinite bounds through JSON', () => {
    const p = smallProblem(8);
    p.vehicles[0]!.shift.end = Number.POSITIVE_INFINITY;
    const back = decodeProblem(JSON.parse(JSON.stringify(encodeProblem(p))));
    expect(back.vehicles[0]!.shift.end).toBe(Number.POSITIVE_INFINITY);
    expect(back.vehicles[1]!.maxDistance).toBe(Number.POSITIVE_INFINITY);
    expect(back.matrices['car']!.distance).toBeInstanceOf(Float64Array);
    expect(Array.from(back.matrices['car']!.duration)).toEqual(Array.from(p.matrices['car']!.duration));
    expect(back.jobs).toEqual(p.jobs);
  });
});

describe('solves in a worker thread', () => {
  it('keeps the event loop free while solving and returns a solution the checker accepts', async () => {
    const problem = smallProblem(40);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const t0 = performance.now();
    const out = await solveInThread({ problem, timeLimitMs: 700 });
    clearInterval(timer);
    const wall = performance.now() - t0;
    const result = check(problem, out.solution);
    expect(result.violations).toEqual([]);
    expect(result.unassigned).toEqual([]);
    expect(out.iterations).toBeGreaterThan(0);
    // A blocked loop would tick ~0 times; a free one ticks about every 10 ms (noisy machine: ask for a third).
    expect(ticks).toBeGreaterThan(wall / 10 / 3);
  });

  it('reports a broken worker as a JobError', async () => {
    await expect(solveInThread({ problem: smallProblem(3), timeLimitMs: 100 }, new URL('file:///nonexistent/solve-worker.js'))).rejects.toMatchObject({ name: 'JobError' });
  });

  it('LocalJobs runs dispatch rounds through the per-hub queue and refuses work once closed', async () => {
    const order: string[] = [];
    const jobs = new LocalJobs(async (hubId) => {
      order.push(`in ${hubId}`);
      await sleep(10);
      order.push(`out ${hubId}`);
      return { hubId };
    });
    const rs = await Promise.all([jobs.dispatch('hub_a'), jobs.dispatch('hub_a')]);
    expect(rs).toEqual([{ hubId: 'hub_a' }, { hubId: 'hub_a' }]);
    expect(order).toEqual(['in hub_a', 'out hub_a', 'in hub_a', 'out hub_a']);
    await jobs.close();
    await expect(jobs.dispatch('hub_a')).rejects.toMatchObject({ name: 'JobError' });
  });
});

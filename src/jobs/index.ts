// Which jobs runner a domain context uses: in-process by default; BullMQ on Redis when
// `startJobs` is given a Redis URL (`relais serve` passes REDIS_URL). The dispatch handler
// wired here is the domain's dispatch round, with its solves sent back through the same runner.
import type { DomainContext } from '../domain/context.js';
import { runDispatchRound, type DispatchDeps } from '../domain/dispatch.js';
import { BullJobs } from './bullmq.js';
import { LocalJobs } from './local.js';
import type { Jobs } from './types.js';

export type { Jobs, SolveRequest, SolveOutcome, DispatchHandler } from './types.js';
export { JobError } from './types.js';

const attached = new WeakMap<DomainContext, Jobs>();

/** Extra dependencies for dispatch rounds (e.g. the smart-home grant issuer, when available). */
const roundDeps = new WeakMap<DomainContext, Partial<Omit<DispatchDeps, 'solve'>>>();

export function setDispatchDeps(ctx: DomainContext, deps: Partial<Omit<DispatchDeps, 'solve'>>): void {
  roundDeps.set(ctx, deps);
}

function handlerFor(ctx: DomainContext, jobs: () => Jobs) {
  return (hubId: string) => runDispatchRound(ctx, hubId, { ...roundDeps.get(ctx), solve: (r) => jobs().solve(r) });
}

/** The context's jobs runner, created in-process on first use. */
export function jobsFor(ctx: DomainContext): Jobs {
  let jobs = attached.get(ctx);
  if (!jobs) {
    const local: Jobs = new LocalJobs(handlerFor(ctx, () => local));
    jobs = local;
    attached.set(ctx, jobs);
  }
  return jobs;
}

export interface StartJobsOptions {
  redisUrl?: string | null;
  /** BullMQ queue name prefix. */
  prefix?: string;
  /** Consume the queues in this process (default true). */
  workers?: boolean;
}

/** Creates and attaches the context's runner: BullMQ when a Redis URL is given, else in-process. */
export async function startJobs(ctx: DomainContext, opts: StartJobsOptions = {}): Promise<Jobs> {
  const old = attached.get(ctx);
  if (old) await old.close();
  let jobs: Jobs;
  if (opts.redisUrl) {
    const bull: BullJobs = new BullJobs({
      redisUrl: opts.redisUrl,
      ...(opts.prefix ? { prefix: opts.prefix } : {}),
      workers: opts.workers ?? true,
      dispatchHandler: handlerFor(ctx, () => bull),
    });
    await bull.ready();
    jobs = bull;
  } else {
    const local: Jobs = new LocalJobs(handlerFor(ctx, () => local));
    jobs = local;
  }
  attached.set(ctx, jobs);
  return jobs;
}

export async function stopJobs(ctx: DomainContext): Promise<void> {
  const jobs = attached.get(ctx);
  attached.delete(ctx);
  if (jobs) await jobs.close();
}

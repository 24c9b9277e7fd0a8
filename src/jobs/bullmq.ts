// Jobs on Redis with BullMQ (when REDIS_URL is set): two queues, `<prefix>-solve` and
// `<prefix>-dispatch`. Every process that constructs BullJobs with `workers: true` also
// consumes them (solves still run in a worker thread, so a consumer's event loop stays free);
// `workers: false` only produces (e.g. an API node next to dedicated worker processes).
// Dispatch rounds run with concurrency 1 per consumer process; across processes the domain's
// hub lock and plan-version check keep two rounds of one hub from both committing.
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Solution } from '../engine/model.js';
import { decodeProblem, decodeSolution, encodeProblem, type ProblemJson } from './problem-codec.js';
import { solveInThread } from './thread-solve.js';
import { JobError, type DispatchHandler, type Jobs, type SolveOutcome, type SolveRequest } from './types.js';

export interface BullJobsOptions {
  redisUrl: string;
  /** Queue name prefix (tests use a random one so runs never meet). Default "relais". */
  prefix?: string;
  /** Consume the queues in this process too. Default true. */
  workers?: boolean;
  /** Concurrent solves per consumer process. Default 1 (one core each). */
  solveConcurrency?: number;
  /** Runs a dispatch round (needed when workers is true). */
  dispatchHandler?: DispatchHandler;
}

interface SolveData {
  problem: ProblemJson;
  timeLimitMs: number;
  seed?: number;
  maxIterations?: number;
  initialSolution?: Solution;
}

/** Extra wait past a solve's own time limit for queueing and transfer. */
const SOLVE_SLACK_MS = 30_000;
const DISPATCH_WAIT_MS = 120_000;

export class BullJobs implements Jobs {
  readonly kind = 'bullmq' as const;
  private readonly connections: Redis[] = [];
  private readonly solveQueue: Queue;
  private readonly dispatchQueue: Queue;
  private readonly solveEvents: QueueEvents;
  private readonly dispatchEvents: QueueEvents;
  private readonly workers: Worker[] = [];

  constructor(private readonly opts: BullJobsOptions) {
    const prefix = opts.prefix ?? 'relais';
    const connection = () => {
      // BullMQ requires maxRetriesPerRequest null on blocking connections.
      const c = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
      this.connections.push(c);
      return c;
    };
    this.solveQueue = new Queue(`${prefix}-solve`, { connection: connection() });
    this.dispatchQueue = new Queue(`${prefix}-dispatch`, { connection: connection() });
    this.solveEvents = new QueueEvents(`${prefix}-solve`, { connection: connection() });
    this.dispatchEvents = new QueueEvents(`${prefix}-dispatch`, { connection: connection() });
    if (opts.workers ?? true) {
      this.workers.push(
        new Worker<SolveData>(`${prefix}-solve`, (job) => runSolveJob(job), { connection: connection(), concurrency: opts.solveConcurrency ?? 1 }),
      );
      const handler = opts.dispatchHandler;
      if (handler) {
        this.workers.push(
          new Worker<{ hubId: string }>(`${prefix}-dispatch`, (job) => handler(job.data.hubId), { connection: connection(), concurrency: 1 }),
        );
      }
    }
  }

  /** Resolves once queues, event streams and workers are connected. */
  async ready(): Promise<void> {
    await Promise.all([
      this.solveQueue.waitUntilReady(),
      this.dispatchQueue.waitUntilReady(),
      this.solveEvents.waitUntilReady(),
      this.dispatchEvents.waitUntilReady(),
      ...this.workers.map((w) => w.waitUntilReady()),
    ]);
  }

  async solve(request: SolveRequest): Promise<SolveOutcome> {
    const data: SolveData = { problem: encodeProblem(request.problem), timeLimitMs: request.timeLimitMs };
    if (request.seed !== undefined) data.seed = request.seed;
    if (request.maxIterations !== undefined) data.maxIterations = request.maxIterations;
    if (request.initialSolution !== undefined) data.initialSolution = request.initialSolution;
    const job = await this.solveQueue.add('solve', data, { removeOnComplete: 100, removeOnFail: 100 });
    const result = await wait(job, this.solveEvents, request.timeLimitMs + SOLVE_SLACK_MS, 'solve');
    const r = result as { solution: unknown; iterations: number; elapsedMs: number };
    return { solution: decodeSolution(r.solution), iterations: r.iterations, elapsedMs: r.elapsedMs };
  }

  async dispatch(hubId: string): Promise<unknown> {
    const job = await this.dispatchQueue.add('dispatch', { hubId }, { removeOnComplete: 100, removeOnFail: 100 });
    return wait(job, this.dispatchEvents, DISPATCH_WAIT_MS, `dispatch round for ${hubId}`);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([this.solveQueue.close(), this.dispatchQueue.close(), this.solveEvents.close(), this.dispatchEvents.close()]);
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

async function runSolveJob(job: Job<SolveData>): Promise<SolveOutcome> {
  const req: SolveRequest = { problem: decodeProblem(job.data.problem), timeLimitMs: job.data.timeLimitMs };
  if (job.data.seed !== undefined) req.seed = job.data.seed;
  if (job.data.maxIterations !== undefined) req.maxIterations = job.data.maxIterations;
  if (job.data.initialSolution !== undefined) req.initialSolution = decodeSolution(job.data.initialSolution);
  return solveInThread(req);
}

async function wait(job: Job, events: QueueEvents, ttlMs: number, what: string): Promise<unknown> {
  try {
    return await job.waitUntilFinished(events, ttlMs);
  } catch (err) {
    // The domain's own errors travel as messages; keep them readable.
    throw new JobError(`${what} failed on the queue: ${(err as Error).message}`);
  }
}

/** Pings Redis once (with a short timeout); the reason it is unreachable, or null. */
export async function redisUnavailable(url: string, timeoutMs = 1500): Promise<string | null> {
  const c = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.ping();
    return null;
  } catch (err) {
    return `${(err as Error).message || 'error'} (${url.replace(/\/\/[^@]*@/, '//')})`;
  } finally {
    c.disconnect();
  }
}

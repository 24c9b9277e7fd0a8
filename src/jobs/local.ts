// In-process jobs (the default): solves in worker threads, dispatch rounds on a per-hub serial queue.
import { KeyedSerialQueue } from './keyed-queue.js';
import { solveInThread } from './thread-solve.js';
import { JobError, type DispatchHandler, type Jobs, type SolveOutcome, type SolveRequest } from './types.js';

export class LocalJobs implements Jobs {
  readonly kind = 'local' as const;
  private readonly rounds = new KeyedSerialQueue();
  private closed = false;

  constructor(
    private readonly dispatchHandler: DispatchHandler,
    private readonly solver: (r: SolveRequest) => Promise<SolveOutcome> = (r) => solveInThread(r),
  ) {}

  solve(request: SolveRequest): Promise<SolveOutcome> {
    if (this.closed) return Promise.reject(new JobError('jobs are closed'));
    return this.solver(request);
  }

  dispatch(hubId: string): Promise<unknown> {
    if (this.closed) return Promise.reject(new JobError('jobs are closed'));
    return this.rounds.run(hubId, () => this.dispatchHandler(hubId));
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.rounds.idle();
  }
}

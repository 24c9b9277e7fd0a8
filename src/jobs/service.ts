// What `relais serve` starts beside the HTTP API: dispatch settings from the environment, the
// jobs runner (BullMQ when REDIS_URL is set, else in-process) and the dispatch timer
// (RELAIS_DISPATCH_INTERVAL_S > 0; off by default). Bad values stop the start with a message.
import type { DomainContext } from '../domain/context.js';
import { configureDispatch, dispatchSettingsFromEnv } from '../domain/dispatch-settings.js';
import { startDispatchTimer, type DispatchTimer } from './dispatch-timer.js';
import { startJobs, stopJobs } from './index.js';

export interface ServiceJobs {
  describe: string;
  stop(): Promise<void>;
}

export async function startServiceJobs(ctx: DomainContext, env: Record<string, string | undefined>, log: (m: string) => void = console.warn): Promise<ServiceJobs> {
  configureDispatch(ctx, dispatchSettingsFromEnv(env));
  const intervalRaw = env['RELAIS_DISPATCH_INTERVAL_S'];
  const intervalS = intervalRaw === undefined || intervalRaw.trim() === '' ? 0 : Number(intervalRaw);
  if (!Number.isFinite(intervalS) || intervalS < 0) throw new Error(`RELAIS_DISPATCH_INTERVAL_S must be a number of seconds ≥ 0, got ${intervalRaw}`);
  const redisUrl = (env['REDIS_URL'] ?? '').trim() || null;
  const jobs = await startJobs(ctx, { redisUrl, workers: env['RELAIS_JOBS_WORKERS'] !== '0' });
  const timer: DispatchTimer | null = intervalS > 0 ? startDispatchTimer(ctx, jobs, intervalS, log) : null;
  const where = redisUrl ? `BullMQ on ${redisUrl.replace(/\/\/[^@]*@/, '//')}` : 'in-process';
  return {
    describe: `jobs ${where}; dispatch timer ${timer ? `every ${intervalS} s` : 'off'}`,
    async stop() {
      await timer?.stop();
      await stopJobs(ctx);
    },
  };
}

// Dispatch and tracking settings: one object with laptop-friendly defaults, overridable per
// domain context (tests, `relais serve` from the environment).
import type { DomainContext } from './context.js';

export interface DispatchSettings {
  /** Van speed used for every van leg (urban average, metres per second). Drones use their record's speed. */
  vanSpeedMps: number;
  /** Time spent at each delivery (parking, handing over), seconds. */
  serviceS: number;
  /** Drones: trips per round and the battery swap / reload time at the hub between two trips. */
  droneMaxTrips: number;
  droneReloadS: number;
  /** A drone whose last reported battery is below this percentage is not planned (it needs a swap first). */
  droneMinBatteryPct: number;
  /** Solver budget per round. */
  solveTimeLimitMs: number;
  /** Optional iteration cap (deterministic tests). */
  solveMaxIterations?: number;
  /**
   * Optional budgets that grow with the round's jobs, so that small rounds answer fast: the time
   * limit becomes min(solveTimeLimitMs, max(SOLVE_MIN_MS, jobs × solveMsPerJob)) and, with
   * solveMaxIterations, the iteration cap min(solveMaxIterations, max(SOLVE_MIN_ITERATIONS, ⌈jobs × solveIterationsPerJob⌉)).
   */
  solveMsPerJob?: number;
  solveIterationsPerJob?: number;
  /**
   * Optional, with solveIterationsPerJob: a round warm-started from the previous plan counts only
   * the jobs that plan does not place (new orders, orders off cancelled routes), from this floor
   * instead of SOLVE_MIN_ITERATIONS — most of its plan is already good.
   */
  solveWarmMinIterations?: number;
  /** Failed attempts after which an order is returned instead of re-dispatched. */
  maxAttempts: number;
  /** An ETA change smaller than this does not emit an order.eta_updated event. */
  etaEventThresholdS: number;
}

export const DEFAULT_DISPATCH_SETTINGS: Readonly<DispatchSettings> = {
  vanSpeedMps: 8.3,
  serviceS: 120,
  droneMaxTrips: 10,
  droneReloadS: 300,
  droneMinBatteryPct: 30,
  solveTimeLimitMs: 2000,
  maxAttempts: 3,
  etaEventThresholdS: 60,
};

/** Floors of the per-job budgets: even a one-order round gets a real search. */
export const SOLVE_MIN_MS = 100;
export const SOLVE_MIN_ITERATIONS = 20;

/**
 * The solver budget of a round with `jobs` jobs under these settings; `newJobs`: of those, the jobs
 * a warm start (the previous plan) does not place, when there is one.
 */
export function solveBudget(
  s: Pick<DispatchSettings, 'solveTimeLimitMs' | 'solveMaxIterations' | 'solveMsPerJob' | 'solveIterationsPerJob' | 'solveWarmMinIterations'>,
  jobs: number,
  newJobs?: number,
): { timeLimitMs: number; maxIterations?: number } {
  const timeLimitMs = s.solveMsPerJob !== undefined ? Math.min(s.solveTimeLimitMs, Math.max(SOLVE_MIN_MS, Math.ceil(jobs * s.solveMsPerJob))) : s.solveTimeLimitMs;
  if (s.solveMaxIterations === undefined) return { timeLimitMs };
  const warm = newJobs !== undefined && s.solveWarmMinIterations !== undefined;
  const counted = warm ? newJobs : jobs;
  const floor = warm ? s.solveWarmMinIterations! : SOLVE_MIN_ITERATIONS;
  const maxIterations = s.solveIterationsPerJob !== undefined ? Math.min(s.solveMaxIterations, Math.max(floor, Math.ceil(counted * s.solveIterationsPerJob))) : s.solveMaxIterations;
  return { timeLimitMs, maxIterations };
}

const byContext = new WeakMap<DomainContext, DispatchSettings>();

export function configureDispatch(ctx: DomainContext, settings: Partial<DispatchSettings>): DispatchSettings {
  const merged = { ...dispatchSettings(ctx), ...settings };
  byContext.set(ctx, merged);
  return merged;
}

export function dispatchSettings(ctx: DomainContext): DispatchSettings {
  return byContext.get(ctx) ?? { ...DEFAULT_DISPATCH_SETTINGS };
}

/** Reads RELAIS_VAN_SPEED_MPS, RELAIS_SERVICE_S, RELAIS_DISPATCH_BUDGET_MS, RELAIS_DISPATCH_MS_PER_JOB, RELAIS_MAX_ATTEMPTS; throws naming a bad value. */
export function dispatchSettingsFromEnv(env: Record<string, string | undefined>): Partial<DispatchSettings> {
  const out: Partial<DispatchSettings> = {};
  const num = (name: string, min: number, integer: boolean): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
      throw new Error(`${name} must be ${integer ? 'a whole number' : 'a number'} ≥ ${min}, got ${raw}`);
    }
    return n;
  };
  const speed = num('RELAIS_VAN_SPEED_MPS', 0.1, false);
  if (speed !== undefined) out.vanSpeedMps = speed;
  const service = num('RELAIS_SERVICE_S', 0, true);
  if (service !== undefined) out.serviceS = service;
  const budget = num('RELAIS_DISPATCH_BUDGET_MS', 10, true);
  if (budget !== undefined) out.solveTimeLimitMs = budget;
  const perJob = num('RELAIS_DISPATCH_MS_PER_JOB', 1, false);
  if (perJob !== undefined) out.solveMsPerJob = perJob;
  const attempts = num('RELAIS_MAX_ATTEMPTS', 1, true);
  if (attempts !== undefined) out.maxAttempts = attempts;
  return out;
}

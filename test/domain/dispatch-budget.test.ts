// The solver budget of a round: fixed by default; with per-job settings it grows with the round's
// jobs between a floor and the configured cap (time and, for deterministic runs, iterations).
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPATCH_SETTINGS, dispatchSettingsFromEnv, SOLVE_MIN_ITERATIONS, SOLVE_MIN_MS, solveBudget } from '../../src/domain/dispatch-settings.js';

describe('solveBudget', () => {
  it('without per-job settings every round gets the configured budget', () => {
    expect(solveBudget(DEFAULT_DISPATCH_SETTINGS, 3)).toEqual({ timeLimitMs: 2000 });
    expect(solveBudget({ ...DEFAULT_DISPATCH_SETTINGS, solveMaxIterations: 100 }, 3)).toEqual({ timeLimitMs: 2000, maxIterations: 100 });
  });

  it('per job: proportional to the jobs, at least the floor, at most the cap', () => {
    const s = { ...DEFAULT_DISPATCH_SETTINGS, solveTimeLimitMs: 2000, solveMsPerJob: 20, solveMaxIterations: 100, solveIterationsPerJob: 0.5 };
    expect(solveBudget(s, 1)).toEqual({ timeLimitMs: SOLVE_MIN_MS, maxIterations: SOLVE_MIN_ITERATIONS });
    expect(solveBudget(s, 61)).toEqual({ timeLimitMs: 1220, maxIterations: 31 });
    expect(solveBudget(s, 500)).toEqual({ timeLimitMs: 2000, maxIterations: 100 });
    // A cap below the floor wins: the floor never exceeds what the operator allowed.
    expect(solveBudget({ ...s, solveMaxIterations: 10, solveTimeLimitMs: 50 }, 1)).toEqual({ timeLimitMs: 50, maxIterations: 10 });
  });

  it('RELAIS_DISPATCH_MS_PER_JOB sets the time per job; a bad value is named', () => {
    expect(dispatchSettingsFromEnv({ RELAIS_DISPATCH_MS_PER_JOB: '15' })).toEqual({ solveMsPerJob: 15 });
    expect(() => dispatchSettingsFromEnv({ RELAIS_DISPATCH_MS_PER_JOB: 'fast' })).toThrow(/RELAIS_DISPATCH_MS_PER_JOB/);
  });
});

// Retry schedule for webhook deliveries: base × 2^(n−1) seconds after the n-th failed attempt,
// capped, with ±jitter so that many failing deliveries do not retry in lockstep. After
// `maxAttempts` failures the delivery is dead.
export interface BackoffPolicy {
  /** Delay after the first failure (default 30 s). */
  baseDelayS: number;
  /** Upper bound of one delay (default 6 h). */
  maxDelayS: number;
  /** Relative jitter: 0.2 = ±20 % (default). */
  jitter: number;
  /** Attempts before giving up (default 8: 30 s … 64 min, ~2 h in total). */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayS: 30, maxDelayS: 6 * 3600, jitter: 0.2, maxAttempts: 8 };

/** Seconds to wait after failed attempt number `attemptNo` (1-based); `random` in [0, 1). */
export function retryDelayS(policy: BackoffPolicy, attemptNo: number, random: () => number): number {
  const raw = Math.min(policy.maxDelayS, policy.baseDelayS * 2 ** (attemptNo - 1));
  const factor = 1 + policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(raw * factor));
}

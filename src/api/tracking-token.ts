// Per-order tracking tokens for the public tracking page: HMAC-SHA256 of the order id under a
// server secret, base64url, 128 bits. Nothing is stored: any server holding the secret can
// verify a link, and a new secret revokes every link at once. The secret comes from
// RELAIS_TRACKING_SECRET (at least 32 characters); without it one is generated on first use and
// kept in the database (settings `tracking_secret`), so links survive restarts and are shared by
// every server on that database. Deleting that row (or setting the variable) revokes old links.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DomainContext } from '../domain/context.js';
import { ensureSetting } from '../domain/server-settings.js';

const TOKEN_BYTES = 16;
export const MIN_SECRET_LENGTH = 32;
export const TRACKING_SECRET_SETTING = 'tracking_secret';

/** Why RELAIS_TRACKING_SECRET cannot be used, or null (unset, or long enough). */
export function trackingSecretProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.RELAIS_TRACKING_SECRET?.trim();
  if (!configured || configured.length >= MIN_SECRET_LENGTH) return null;
  return `RELAIS_TRACKING_SECRET must be at least ${MIN_SECRET_LENGTH} characters (got ${configured.length})`;
}

export class TrackingTokens {
  private constructor(
    private readonly secret: Buffer,
    /** True when the secret was drawn at random for this process. */
    readonly ephemeral: boolean,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): TrackingTokens {
    const configured = env.RELAIS_TRACKING_SECRET?.trim();
    if (configured) {
      const problem = trackingSecretProblem(env);
      if (problem) throw new Error(problem);
      return new TrackingTokens(Buffer.from(configured, 'utf8'), false);
    }
    return new TrackingTokens(randomBytes(32), true);
  }

  /** The configured secret when set, else the one kept in the database (generated on first use). */
  static async fromEnvOrStore(ctx: DomainContext, env: NodeJS.ProcessEnv = process.env): Promise<TrackingTokens> {
    if (env.RELAIS_TRACKING_SECRET?.trim()) return TrackingTokens.fromEnv(env);
    const secret = await ensureSetting(ctx, TRACKING_SECRET_SETTING, () => randomBytes(32).toString('base64url'));
    return TrackingTokens.withSecret(secret);
  }

  static withSecret(secret: string): TrackingTokens {
    return new TrackingTokens(Buffer.from(secret, 'utf8'), false);
  }

  tokenFor(orderId: string): string {
    return createHmac('sha256', this.secret).update(`track:${orderId}`).digest().subarray(0, TOKEN_BYTES).toString('base64url');
  }

  /** Constant-time check of a presented token. */
  verify(orderId: string, token: string): boolean {
    const expected = Buffer.from(this.tokenFor(orderId), 'utf8');
    const given = Buffer.from(token, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

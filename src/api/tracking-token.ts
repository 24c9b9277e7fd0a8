// Per-order tracking tokens for the public tracking page: HMAC-SHA256 of the order id under a
// server secret, base64url, 128 bits. Nothing is stored: any server holding the secret can
// verify a link, and a new secret revokes every link at once. The secret comes from
// RELAIS_TRACKING_SECRET (at least 32 characters); without it each process draws a random one,
// so links stop working when the server restarts (fine for a demo, not for production).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 16;

export class TrackingTokens {
  private constructor(
    private readonly secret: Buffer,
    /** True when the secret was drawn at random for this process. */
    readonly ephemeral: boolean,
  ) {}

  static fromEnv(env: NodeJS.ProcessEnv = process.env): TrackingTokens {
    const configured = env.RELAIS_TRACKING_SECRET?.trim();
    if (configured) {
      if (configured.length < 32) throw new Error('RELAIS_TRACKING_SECRET must be at least 32 characters');
      return new TrackingTokens(Buffer.from(configured, 'utf8'), false);
    }
    return new TrackingTokens(randomBytes(32), true);
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

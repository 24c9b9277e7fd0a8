// Webhook signatures: `Relais-Signature: t=<unix seconds>,v1=<hex>` where
// v1 = HMAC-SHA256(secret, `${t}.${rawBody}`). Receivers recompute it over the raw bytes they got,
// compare in constant time, and reject old timestamps (replays).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'relais-signature';

export function signPayload(secret: string, rawBody: string, t: number): string {
  return createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex');
}

export function signatureHeader(secret: string, rawBody: string, t: number): string {
  return `t=${t},v1=${signPayload(secret, rawBody, t)}`;
}

export type SignatureCheck = { ok: true; t: number } | { ok: false; reason: 'malformed' | 'mismatch' | 'too_old' };

/** Verifies a header against the raw body; `toleranceS` bounds how old the timestamp may be. */
export function verifySignature(secret: string, rawBody: string, header: string, nowS: number, toleranceS = 300): SignatureCheck {
  const parts = new Map(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(signPayload(secret, rawBody, t), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex'))) return { ok: false, reason: 'mismatch' };
  if (Math.abs(nowS - t) > toleranceS) return { ok: false, reason: 'too_old' };
  return { ok: true, t };
}

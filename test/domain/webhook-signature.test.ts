// Webhook signing, the retry schedule and event visibility: pure functions, checked against an
// independent HMAC (openssl) and hand-computed delays.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventTypeMatches, eventVisibleTo, EVENT_PATTERN } from '../../src/domain/event-visibility.js';
import { DEFAULT_BACKOFF, retryDelayS } from '../../src/domain/webhook-backoff.js';
import { signatureHeader, verifySignature } from '../../src/domain/webhook-signature.js';

describe('webhook signature', () => {
  const body = '{"id":"obx_1","type":"order.allocated"}';
  it('matches an HMAC-SHA256 computed by openssl over "t.body"', () => {
    // printf '%s' '1795740000.{"id":"obx_1","type":"order.allocated"}' | openssl dgst -sha256 -hmac whsec_test
    expect(signatureHeader('whsec_test', body, 1795740000)).toBe('t=1795740000,v1=341e99cb5174d3b78479291a9e41bce79c25be1515bc2026b786f338486d3035');
  });
  it('verifies its own headers and rejects tampering, other secrets, stale timestamps and junk', () => {
    const h = signatureHeader('whsec_test', body, 1000);
    expect(verifySignature('whsec_test', body, h, 1100)).toEqual({ ok: true, t: 1000 });
    expect(verifySignature('whsec_test', body + ' ', h, 1100)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature('whsec_other', body, h, 1100)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature('whsec_test', body, h, 1000 + 301)).toEqual({ ok: false, reason: 'too_old' });
    expect(verifySignature('whsec_test', body, h.replace('t=1000', 't=1001'), 1100)).toEqual({ ok: false, reason: 'mismatch' });
    for (const junk of ['', 'v1=abc', 't=x,v1=00', 't=1000']) expect(verifySignature('whsec_test', body, junk, 1000).ok).toBe(false);
  });
});

describe('retry schedule', () => {
  it('doubles from 30 s without jitter and caps at the maximum', () => {
    const p = { ...DEFAULT_BACKOFF, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayS(p, n, Math.random))).toEqual([30, 60, 120, 240, 480, 960, 1920]);
    expect(retryDelayS(p, 30, Math.random)).toBe(6 * 3600);
  });
  it('stays within ±jitter of the nominal delay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 0.9999, noNaN: true }), (n, r) => {
        const nominal = Math.min(DEFAULT_BACKOFF.maxDelayS, 30 * 2 ** (n - 1));
        const d = retryDelayS(DEFAULT_BACKOFF, n, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(nominal * 0.8));
        expect(d).toBeLessThanOrEqual(Math.ceil(nominal * 1.2));
      }),
    );
  });
});

describe('event visibility and type patterns', () => {
  const ev = { type: 'order.delivered', payload: { orderId: 'ord_1', customerId: 'cus_a', vehicleId: 'veh_1' } };
  it('shows operators everything and others only events naming them', () => {
    expect(eventVisibleTo({ role: 'operator', subjectId: null }, ev)).toBe(true);
    expect(eventVisibleTo({ role: 'customer', subjectId: 'cus_a' }, ev)).toBe(true);
    expect(eventVisibleTo({ role: 'customer', subjectId: 'cus_b' }, ev)).toBe(false);
    expect(eventVisibleTo({ role: 'device', subjectId: 'veh_1' }, ev)).toBe(true);
    expect(eventVisibleTo({ role: 'supplier', subjectId: 'sup_1' }, ev)).toBe(false);
    expect(eventVisibleTo({ role: 'supplier', subjectId: 'sup_1' }, { type: 'purchase_order.sent', payload: { supplierId: 'sup_1' } })).toBe(true);
    expect(eventVisibleTo({ role: 'customer', subjectId: null }, { type: 'x', payload: { customerId: null } })).toBe(false);
  });
  it('matches exact types, prefix wildcards and *', () => {
    expect(eventTypeMatches(['order.*'], 'order.delivered')).toBe(true);
    expect(eventTypeMatches(['order.*'], 'orders.x')).toBe(false);
    expect(eventTypeMatches(['purchase_order.sent'], 'purchase_order.sent')).toBe(true);
    expect(eventTypeMatches(['purchase_order.sent'], 'purchase_order.shipped')).toBe(false);
    expect(eventTypeMatches(['*'], 'anything.at_all')).toBe(true);
    for (const ok of ['*', 'order.*', 'order.delivered', 'access_grant.used']) expect(EVENT_PATTERN.test(ok)).toBe(true);
    for (const bad of ['', 'Order', 'order.', '*.order', 'order.**', 'a b']) expect(EVENT_PATTERN.test(bad)).toBe(false);
  });
});

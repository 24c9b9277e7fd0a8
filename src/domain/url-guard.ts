// Outbound URL guard (SSRF): webhook subscriptions and smart-home device endpoints are URLs the
// server itself calls, so a customer or supplier could otherwise point it at internal services
// (127.0.0.1, 10.x, the cloud metadata address 169.254.169.254, ...). Checked twice:
//   - at registration (assertOutboundUrlAllowed): scheme, literal address, `localhost`, and what
//     the host name resolves to now;
//   - just before connecting (guarded-fetch.ts): every address the host resolves to at that
//     moment, so a name that later re-points to a private address (DNS rebinding) is refused.
// RELAIS_ALLOW_PRIVATE_WEBHOOKS=1 lifts the address rules for everyone (local development, tests
// with receivers on 127.0.0.1, installations whose receivers live on a private network).
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, isIPv4 } from 'node:net';
import { DomainError } from './errors.js';

export const ALLOW_PRIVATE_ENV = 'RELAIS_ALLOW_PRIVATE_WEBHOOKS';

/** Read at each call so an operator's setting (and a test's) applies without a restart. */
export function privateTargetsAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[ALLOW_PRIVATE_ENV] === '1';
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Host name → every address it resolves to (dns.lookup, i.e. what a connection would use). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

// IPv4 ranges a server must not be made to call, with the reason named in the refusal.
const V4_BLOCKED: Array<[base: string, bits: number, reason: string]> = [
  ['0.0.0.0', 8, 'an unspecified ("this network") address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT (shared) address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'a reserved address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a reserved (benchmarking) address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

function ipv4Number(a: string): number | null {
  const parts = a.split('.');
  if (parts.length !== 4 || !isIPv4(a)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function classifyV4(n: number): string | null {
  for (const [base, bits, reason] of V4_BLOCKED) {
    const size = 2 ** (32 - bits);
    const start = ipv4Number(base)!;
    if (n >= start && n < start + size) return reason;
  }
  return null;
}

/** Eight 16-bit groups of a valid IPv6 address (zone id dropped, embedded dotted quad folded). */
function ipv6Groups(a: string): number[] | null {
  let s = a.split('%')[0]!;
  if (isIP(s) !== 6) return null;
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const v4 = ipv4Number(dotted[2]!);
    if (v4 === null) return null;
    s = `${dotted[1]}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const [head = '', tail] = s.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array<string>(zeros).fill('0'), ...t].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

function classifyV6(g: number[]): string | null {
  const v4At = (i: number) => g[i]! * 65536 + g[i + 1]!;
  const prefixZero = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (prefixZero(8)) return 'an unspecified address';
  if (prefixZero(7) && g[7] === 1) return 'a loopback address';
  // Addresses that carry an IPv4 address: judged by that address.
  if (prefixZero(5) && g[5] === 0xffff) return classifyV4(v4At(6)); // IPv4-mapped ::ffff:a.b.c.d
  if (prefixZero(6)) return classifyV4(v4At(6)); // IPv4-compatible (deprecated) ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(v4At(6)); // NAT64
  if (g[0] === 0x2002) return classifyV4(v4At(1)); // 6to4
  if ((g[0]! & 0xfe00) === 0xfc00) return 'a unique-local address';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((g[0]! & 0xffc0) === 0xfec0) return 'a site-local address';
  if ((g[0]! & 0xff00) === 0xff00) return 'a multicast address';
  return null;
}

/** Why an IP address may not be called (e.g. "a loopback address"), or null when it is public. Not an IP: null. */
export function blockedAddressReason(address: string): string | null {
  const v4 = ipv4Number(address);
  if (v4 !== null) return classifyV4(v4);
  const g = ipv6Groups(address);
  return g ? classifyV6(g) : null;
}

/** The URL host without IPv6 brackets or a trailing dot, lower case. */
export function bareHost(u: URL): string {
  return u.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

const isLocalhostName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

export interface UrlCheckOptions {
  /** Where the URL came from, for the error's details (e.g. '/url'). */
  path: string;
  /** Field name used in messages (e.g. 'url', 'endpointUrl'). */
  field: string;
  resolver?: Resolver;
  env?: NodeJS.ProcessEnv;
  /** Registration does not wait longer than this for DNS; the connection-time check still applies. */
  resolveTimeoutMs?: number;
}

function refuse(o: UrlCheckOptions, reason: string, details: Record<string, unknown>): never {
  throw new DomainError('url_not_allowed', `${o.field} not allowed: ${reason}; the server only calls public http(s) addresses (${ALLOW_PRIVATE_ENV}=1 lifts this)`, {
    in: 'body',
    path: o.path,
    ...details,
  });
}

/**
 * Registration-time check of a URL the server will call. Throws validation_failed for a malformed
 * URL, url_not_allowed for another scheme, a private/loopback/link-local target (literal, `localhost`
 * or resolved). A host that does not resolve now is accepted: it is checked again at each connection.
 */
export async function assertOutboundUrlAllowed(url: string, o: UrlCheckOptions): Promise<void> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DomainError('validation_failed', `${o.field} is not a valid URL: ${url}`, { in: 'body', path: o.path });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') refuse(o, `scheme ${u.protocol} (only http:// and https://)`, { reason: 'scheme' });
  if (privateTargetsAllowed(o.env)) return;
  const host = bareHost(u);
  if (isIP(host)) {
    const why = blockedAddressReason(host);
    if (why) refuse(o, `host ${host} is ${why}`, { reason: 'address', host });
    return;
  }
  if (isLocalhostName(host)) refuse(o, `host ${host} is a loopback name`, { reason: 'address', host });
  let addresses: ResolvedAddress[];
  try {
    addresses = await withTimeout((o.resolver ?? systemResolver)(host), o.resolveTimeoutMs ?? 3000);
  } catch {
    return; // unresolvable now (or slow DNS): the connection-time check decides later
  }
  for (const a of addresses) {
    const why = blockedAddressReason(a.address);
    if (why) refuse(o, `host ${host} resolves to ${a.address}, ${why}`, { reason: 'address', host, address: a.address });
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

/** Raised by the connection-time check; its message starts with the error code. */
export class UrlNotAllowedError extends Error {
  readonly code = 'url_not_allowed';
}

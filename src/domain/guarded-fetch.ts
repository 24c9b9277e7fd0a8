// A fetch-shaped HTTP client for calls to customer- and supplier-supplied URLs (webhook
// deliveries, smart-home device endpoints) that refuses private targets at connection time.
// Built on node:http(s) because their `lookup` hook sees the very addresses the socket will
// connect to: checking them there closes the DNS-rebinding window a separate "resolve, check,
// then fetch" would leave open. IP-literal hosts are checked before connecting (no lookup runs).
// Redirects are never followed (the answer's status is what counts). Only what our callers use is
// supported: string/URL input, method, headers, a string or byte body, signal.
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { UrlNotAllowedError, bareHost, blockedAddressReason, privateTargetsAllowed, systemResolver, type Resolver } from './url-guard.js';

/** Bytes of an answer kept; callers only need the status, the rest is drained unread. */
const MAX_BODY_BYTES = 64 * 1024;

export interface GuardedFetchOptions {
  resolver?: Resolver;
  env?: NodeJS.ProcessEnv;
}

function guardedLookup(resolver: Resolver, env: NodeJS.ProcessEnv): LookupFunction {
  return (hostname, options, callback) => {
    resolver(hostname).then(
      (found) => {
        let addresses = options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        if (!privateTargetsAllowed(env)) {
          const bad = addresses.find((a) => blockedAddressReason(a.address));
          if (bad) {
            const err = new UrlNotAllowedError(`url_not_allowed: ${hostname} resolves to ${bad.address}, ${blockedAddressReason(bad.address)}`);
            return callback(err as NodeJS.ErrnoException, '', 4);
          }
        }
        addresses = addresses.length ? addresses : found;
        if (!addresses.length) {
          const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
          return callback(err, '', 4);
        }
        if (options.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 4),
    );
  };
}

function bodyBytes(body: RequestInit['body']): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new TypeError('guardedFetch supports string and byte bodies only');
}

/** Creates the client; `guardedFetch` below uses the system resolver and process.env. */
export function createGuardedFetch(opts: GuardedFetchOptions = {}): typeof fetch {
  const resolver = opts.resolver ?? systemResolver;
  const env = opts.env ?? process.env;
  const lookup = guardedLookup(resolver, env);
  const guarded = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (typeof input !== 'string' && !(input instanceof URL)) throw new TypeError('guardedFetch takes a URL, not a Request');
    const url = new URL(input);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UrlNotAllowedError(`url_not_allowed: scheme ${url.protocol}`);
    const host = bareHost(url);
    if (isIP(host) && !privateTargetsAllowed(env)) {
      const why = blockedAddressReason(host);
      if (why) throw new UrlNotAllowedError(`url_not_allowed: ${host} is ${why}`);
    }
    const body = bodyBytes(init.body);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    if (body) headers['content-length'] = String(body.length);
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const req = send(url, { method: init.method ?? 'GET', headers, lookup, agent: false });
      const onAbort = () => req.destroy(signal!.reason as Error);
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      req.on('error', (err) => {
        done();
        reject(signal?.aborted ? signal.reason : err);
      });
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (c: Buffer) => {
          if (kept < MAX_BODY_BYTES) chunks.push(c.subarray(0, MAX_BODY_BYTES - kept));
          kept += c.length;
        });
        res.on('error', (err) => {
          done();
          reject(signal?.aborted ? signal.reason : err);
        });
        res.on('end', () => {
          done();
          const status = res.statusCode ?? 0;
          const nullBody = status === 204 || status === 205 || status === 304;
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          try {
            resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: h }));
          } catch (err) {
            reject(err); // a status outside 200..599
          }
        });
      });
      req.end(body);
    });
  };
  return guarded as typeof fetch;
}

/** The default outbound client of the webhook dispatcher and the device adapter. */
export const guardedFetch: typeof fetch = createGuardedFetch();

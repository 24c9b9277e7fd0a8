// API-key authentication and role checks. Every route under /v1 needs a key
// (`Authorization: Bearer <key>` or `x-api-key: <key>`) and declares the roles it admits in
// its route config: `{ config: { roles: ['operator', 'customer'] } }` (default: operator only).
// Finer rules (a customer's own records) are enforced in the domain, where another subject's
// resource reads as 404 not_found so that ids do not leak.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, Role } from '../domain/actor.js';
import type { KeyAuthenticator } from '../domain/api-keys.js';
import { ApiError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    roles?: readonly Role[];
    /** No API key: the route checks its own credential (e.g. the tracking link's token). */
    public?: boolean;
  }
}

function presentedKey(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1] : undefined;
  }
  const x = req.headers['x-api-key'];
  return typeof x === 'string' && x.length > 0 ? x : undefined;
}

export function installAuth(app: FastifyInstance, keys: KeyAuthenticator): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    const url = req.routeOptions.url;
    if (!url || !url.startsWith('/v1/')) return; // health, docs and 404s are public
    if (req.routeOptions.config.public) return;
    const key = presentedKey(req);
    if (!key) throw new ApiError('unauthorized', 'missing API key: send Authorization: Bearer <key> or x-api-key: <key>');
    const actor = await keys.authenticate(key);
    if (!actor) throw new ApiError('unauthorized', 'unknown or revoked API key');
    const roles = req.routeOptions.config.roles ?? ['operator'];
    if (!roles.includes(actor.role)) {
      throw new ApiError('forbidden', `role ${actor.role} may not use ${req.method} ${url}`, { role: actor.role, allowed: roles });
    }
    req.actor = actor;
  });
}

/** The authenticated actor of a /v1 request (the hook guarantees it). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new ApiError('unauthorized', 'not authenticated');
  return req.actor;
}

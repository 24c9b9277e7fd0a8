// What route modules receive: the domain context (store, clock, ids, strategies).
// Loads @fastify/swagger's typing of route schemas (tags, summary, security).
import type {} from '@fastify/swagger';
import type { DomainContext } from '../domain/context.js';

export interface ApiDeps {
  ctx: DomainContext;
}

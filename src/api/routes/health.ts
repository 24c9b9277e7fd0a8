// Liveness and readiness probes (public).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { sendError } from '../errors.js';

export function registerHealthRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.get(
    '/healthz',
    { schema: { tags: ['health'], summary: 'The process is alive', response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    { schema: { tags: ['health'], summary: 'The database is reachable and its migrations are current' } },
    async (_req, reply) => {
      try {
        const status = await ctx.store.migrationStatus();
        if (!status.current) {
          return sendError(reply, 'schema_not_current', 'database migrations are not current', {
            pending: status.pending,
            unknown: status.unknown,
          });
        }
        return { status: 'ready', backend: ctx.store.kind, migrations: status.applied.length };
      } catch (err) {
        return sendError(reply, 'schema_not_current', 'database unreachable', { reason: (err as Error).message });
      }
    },
  );
}

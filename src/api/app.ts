// The Fastify application factory: error format, auth, OpenAPI (/docs, /docs/json) and the
// route modules. To add a route module: write routes/<name>.ts exporting
// register<Name>Routes(app, deps) and add it to ROUTE_MODULES below.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { KeyAuthenticator } from '../domain/api-keys.js';
import type { DomainContext } from '../domain/context.js';
import { installAuth } from './auth.js';
import type { ApiDeps } from './deps.js';
import { installErrorHandling } from './errors.js';
import { registerCustomerRoutes } from './routes/customers.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerHubRoutes } from './routes/hubs.js';
import { registerOrderRoutes } from './routes/orders.js';
import { registerProductRoutes } from './routes/products.js';
import { registerPurchaseOrderRoutes } from './routes/purchase-orders.js';
import { registerReplenishmentRoutes } from './routes/replenishment.js';
import { registerSmartHomeRoutes } from './routes/smart-home.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import { registerSseRoutes } from './sse.js';
import { registerWebhookDispatcher } from './webhook-dispatcher.js';
import { registerDispatchRoutes } from './routes/dispatch.js';
import { registerOptimizeRoutes } from './routes/optimize.js';
import { registerTelemetryRoutes } from './routes/telemetry.js';
import { registerVehicleRoutes } from './routes/vehicles.js';
import { registerAirspaceRoutes } from './routes/airspace.js'; import { registerDroneRoutes } from './routes/drones.js'; import { registerQuoteRoutes } from './routes/quotes.js';
import { registerTrackRoutes } from './routes/track.js'; import { registerWebRoutes } from './routes/web.js';

export const ROUTE_MODULES: Array<(app: FastifyInstance, deps: ApiDeps) => void> = [
  registerHealthRoutes,
  registerHubRoutes,
  registerProductRoutes,
  registerCustomerRoutes,
  registerOrderRoutes,
  registerReplenishmentRoutes, registerPurchaseOrderRoutes, registerWebhookRoutes, registerSseRoutes, registerWebhookDispatcher, (app, deps) => registerSmartHomeRoutes(app, deps),
  registerVehicleRoutes,
  registerDispatchRoutes,
  registerTelemetryRoutes,
  (app, deps) => registerOptimizeRoutes(app, deps),
  registerQuoteRoutes, registerAirspaceRoutes, registerDroneRoutes,
  (app, deps) => registerTrackRoutes(app, deps), (app, deps) => registerWebRoutes(app, deps),
];

export interface AppOptions {
  ctx: DomainContext;
  /** Fastify logger level, or false for none (tests). */
  logLevel?: string | false;
}

export async function buildApp({ ctx, logLevel = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logLevel === false ? false : { level: logLevel },
    bodyLimit: 1_048_576,
    // Unknown properties are errors (additionalProperties: false), not silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } },
  });
  installErrorHandling(app);
  installAuth(app, new KeyAuthenticator(ctx.store, ctx.nowMs));

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Relais API', version: '1.0.0', description: 'Commerce and delivery service. Errors: { error: { code, message, details } }.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API key: Authorization: Bearer <key>' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const deps: ApiDeps = { ctx };
  for (const register of ROUTE_MODULES) register(app, deps);
  await app.ready();
  return app;
}

// Dispatch (operators): run a round for a hub now, read the hub's active plan.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { getActivePlan, type DispatchSummary } from '../../domain/dispatch.js';
import { notFound } from '../../domain/errors.js';
import { jobsFor, JobError } from '../../jobs/index.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { iso } from '../present.js';
import { IdParams, Iso } from '../schemas.js';
import { Route, presentRoute } from './vehicles.js';

const Cost = Type.Object({ fixed: Type.Number(), distance: Type.Number(), time: Type.Number(), penalty: Type.Number(), total: Type.Number() });
const Ids = Type.Array(Type.String());

const DispatchResult = Type.Object({
  hubId: Type.String(),
  planId: Type.Union([Type.String(), Type.Null()], { description: 'the active plan after the round' }),
  changed: Type.Boolean({ description: 'false when there was nothing to plan and nothing was stored' }),
  previousPlanId: Type.Union([Type.String(), Type.Null()]),
  routes: Type.Integer({ description: 'routes in the new plan, kept ones included' }),
  keptRoutes: Type.Array(Type.String(), { description: 'started routes carried over unchanged' }),
  cancelledRoutes: Type.Array(Type.String(), { description: 'unstarted routes replaced by this round' }),
  assigned: Type.Array(Type.String(), { description: 'order ids planned in this round' }),
  unassigned: Type.Array(Type.String(), { description: 'order ids left for a later round (no vehicle, capacity or time)' }),
  late: Type.Array(Type.String(), { description: 'orders whose window had closed; planned as soon as possible' }),
  cost: Cost,
  solver: Type.Object({ iterations: Type.Integer(), elapsedMs: Type.Integer() }),
  accessGrants: Type.Array(
    Type.Object({
      orderId: Type.String(),
      vehicleId: Type.String(),
      grantId: Type.String(),
      deviceId: Type.String(),
      code: Type.String({ description: 'one-time code, shown only here: hand it to the vehicle' }),
      validFrom: Iso,
      validUntil: Iso,
    }),
    { description: 'smart-home access grants issued for stops whose address has a device' },
  ),
  flightPlans: Type.Array(Type.Object({ routeId: Type.String(), vehicleId: Type.String(), flightPlanIds: Ids }), {
    description: 'drone routes of this round and their stored flight plans, one per sortie (GET /v1/flight-plans/{id})',
  }),
  modeChanged: Type.Array(Type.Object({ orderId: Type.String(), reasons: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })) }), {
    description: 'drone-mode orders no drone may fly any more (weather, zones, no drone): switched to van, with order.mode_changed',
  }),
  deferred: Type.Array(Type.Object({ orderId: Type.String(), code: Type.String(), message: Type.String() }), {
    description: 'drone orders taken off a drone route this round (no launch pad in time, weather at launch); they wait for the next round',
  }),
  dronesExcluded: Type.Array(Type.Object({ vehicleId: Type.String(), reason: Type.String() }), {
    description: 'drones not planned: no_profile, maintenance, offline, inspection_due, battery_low',
  }),
});

const Plan = Type.Object({
  id: Type.String(),
  hubId: Type.String(),
  state: Type.String(),
  createdAt: Iso,
  origin: Type.Union([Iso, Type.Null()]),
  cost: Type.Union([Cost, Type.Null()]),
  unassigned: Ids,
  routes: Type.Array(Route),
});

export function registerDispatchRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.post<{ Params: IdParams }>(
    '/v1/hubs/:id/dispatch',
    {
      schema: {
        tags: ['dispatch'],
        summary: 'Run a dispatch round for the hub now: plan ready orders on available vehicles, keep started routes',
        params: IdParams,
        response: { 200: DispatchResult },
      },
    },
    async (req) => {
      actorOf(req);
      if (!(await ctx.store.repos.hubs.get(req.params.id))) throw notFound('hub', req.params.id);
      try {
        const r = (await jobsFor(ctx).dispatch(req.params.id)) as DispatchSummary;
        return { ...r, accessGrants: r.accessGrants.map((g) => ({ ...g, validFrom: iso(g.validFrom), validUntil: iso(g.validUntil) })) };
      } catch (err) {
        if (err instanceof JobError) throw new ApiError('job_failed', err.message, {});
        throw err;
      }
    },
  );

  app.get<{ Params: IdParams }>(
    '/v1/hubs/:id/plan',
    { schema: { tags: ['dispatch'], summary: 'The hub’s active plan: routes, ordered stops, planned arrivals and ETAs', params: IdParams, response: { 200: Plan } } },
    async (req) => {
      actorOf(req);
      const view = await getActivePlan(ctx, req.params.id);
      const stats = (view.plan.stats ?? {}) as { origin?: number; unassigned?: string[] };
      return {
        id: view.plan.id,
        hubId: view.plan.hubId,
        state: view.plan.state,
        createdAt: iso(view.plan.createdAt),
        origin: typeof stats.origin === 'number' ? iso(stats.origin) : null,
        cost: (view.plan.cost as DispatchSummary['cost'] | null) ?? null,
        unassigned: stats.unassigned ?? [],
        routes: view.routes.map((r) => presentRoute(r.route, r.stops)),
      };
    },
  );
}

// Airspace: no-fly zone CRUD as GeoJSON (operator; devices may read), flight plans (operator; a device
// its own drone's) as JSON or GeoJSON (`?format=geojson` or the `.geojson` suffix).
import type { FastifyInstance } from 'fastify';
import { createZones, deleteZone, getZone, listZones, replaceZone, zoneFeature, zonesFeatureCollection } from '../../domain/airspace.js';
import { flightPlanGeoJson, getFlightPlan, listFlightPlans } from '../../domain/airspace-flight-plans.js';
import type { FlightPlanRow } from '../../store/index.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { PageEnvelope, pageBody, pageRequest } from '../pagination.js';
import { iso } from '../present.js';
import { IdParams } from '../schemas.js';
import { FlightPlan, FlightPlanGetQuery, FlightPlanQuery, GeoJson, GeoJsonBody } from '../schemas/drones.js';

const READERS = ['operator', 'device'] as const;
const GEOJSON = 'application/geo+json; charset=utf-8';

export const presentFlightPlan = (p: FlightPlanRow) => ({
  ...p,
  padFrom: iso(p.padFrom),
  takeoffAt: iso(p.takeoffAt),
  landAt: iso(p.landAt),
  padUntil: iso(p.padUntil),
  chargeFrom: p.chargeFrom === null ? null : iso(p.chargeFrom),
  chargeUntil: p.chargeUntil === null ? null : iso(p.chargeUntil),
  createdAt: iso(p.createdAt),
});

export function registerAirspaceRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.post<{ Body: unknown }>(
    '/v1/airspace/zones',
    { schema: { tags: ['airspace'], summary: 'Create no-fly zones from a GeoJSON Feature or FeatureCollection (all or none)', body: GeoJsonBody, response: { 201: GeoJson } } },
    async (req, reply) => reply.status(201).header('content-type', GEOJSON).send(zonesFeatureCollection(await createZones(ctx, actorOf(req), req.body))),
  );

  app.get(
    '/v1/airspace/zones',
    { config: { roles: READERS }, schema: { tags: ['airspace'], summary: 'Every no-fly zone as a GeoJSON FeatureCollection', response: { 200: GeoJson } } },
    async (_req, reply) => reply.header('content-type', GEOJSON).send(zonesFeatureCollection(await listZones(ctx))),
  );

  app.get<{ Params: IdParams }>(
    '/v1/airspace/zones/:id',
    { config: { roles: READERS }, schema: { tags: ['airspace'], summary: 'One no-fly zone as a GeoJSON Feature', params: IdParams, response: { 200: GeoJson } } },
    async (req, reply) => reply.header('content-type', GEOJSON).send(zoneFeature(await getZone(ctx, req.params.id))),
  );

  app.put<{ Params: IdParams; Body: unknown }>(
    '/v1/airspace/zones/:id',
    { schema: { tags: ['airspace'], summary: 'Replace a no-fly zone with a GeoJSON Feature (its id stays)', params: IdParams, body: GeoJsonBody, response: { 200: GeoJson } } },
    async (req, reply) => reply.header('content-type', GEOJSON).send(zoneFeature(await replaceZone(ctx, actorOf(req), req.params.id, req.body))),
  );

  app.delete<{ Params: IdParams }>(
    '/v1/airspace/zones/:id',
    { schema: { tags: ['airspace'], summary: 'Delete a no-fly zone', params: IdParams } },
    async (req, reply) => {
      await deleteZone(ctx, actorOf(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get<{ Querystring: FlightPlanQuery }>(
    '/v1/flight-plans',
    {
      config: { roles: READERS },
      schema: { tags: ['airspace'], summary: 'Drone flight plans (filters: hubId, vehicleId, routeId)', querystring: FlightPlanQuery, response: { 200: PageEnvelope(FlightPlan) } },
    },
    async (req) => {
      const q = req.query;
      const filter = { ...(q.hubId ? { hubId: q.hubId } : {}), ...(q.vehicleId ? { vehicleId: q.vehicleId } : {}), ...(q.routeId ? { routeId: q.routeId } : {}) };
      return pageBody(await listFlightPlans(ctx, actorOf(req), filter, pageRequest(q)), presentFlightPlan);
    },
  );

  app.get<{ Params: IdParams; Querystring: FlightPlanGetQuery }>(
    '/v1/flight-plans/:id',
    {
      config: { roles: READERS },
      schema: {
        tags: ['airspace'],
        summary: 'A flight plan (4D path); as GeoJSON with ?format=geojson or GET /v1/flight-plans/{id}.geojson',
        params: IdParams,
        querystring: FlightPlanGetQuery,
      },
    },
    async (req, reply) => {
      const suffixed = req.params.id.endsWith('.geojson');
      const plan = await getFlightPlan(ctx, actorOf(req), suffixed ? req.params.id.slice(0, -'.geojson'.length) : req.params.id);
      if (suffixed || req.query.format === 'geojson') return reply.header('content-type', GEOJSON).send(flightPlanGeoJson(plan));
      return presentFlightPlan(plan);
    },
  );
}

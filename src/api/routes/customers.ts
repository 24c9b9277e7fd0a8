// Customers and addresses: operators manage all; a customer reads and extends only their own.
import type { FastifyInstance } from 'fastify';
import { addAddress, createCustomer, getCustomer, listAddresses, listCustomers } from '../../domain/customers.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { PageEnvelope, PageQuery, pageBody, pageRequest } from '../pagination.js';
import { presentAddress, presentCustomer } from '../present.js';
import { Address, AddressCreate, Customer, CustomerCreate, IdParams } from '../schemas.js';

const SELF = ['operator', 'customer'] as const;

export function registerCustomerRoutes(app: FastifyInstance, { ctx }: ApiDeps): void {
  app.post<{ Body: CustomerCreate }>(
    '/v1/customers',
    { schema: { tags: ['customers'], summary: 'Create a customer', body: CustomerCreate, response: { 201: Customer } } },
    async (req, reply) => {
      const b = req.body;
      const c = await createCustomer(ctx, { name: b.name, email: b.email ?? null, phone: b.phone ?? null, notifyChannel: b.notifyChannel ?? 'email' });
      return reply.status(201).send(presentCustomer(c));
    },
  );

  app.get<{ Querystring: PageQuery }>(
    '/v1/customers',
    { schema: { tags: ['customers'], summary: 'List customers', querystring: PageQuery, response: { 200: PageEnvelope(Customer) } } },
    async (req) => pageBody(await listCustomers(ctx, pageRequest(req.query)), presentCustomer),
  );

  app.get<{ Params: IdParams }>(
    '/v1/customers/:id',
    { config: { roles: SELF }, schema: { tags: ['customers'], summary: 'Get a customer', params: IdParams, response: { 200: Customer } } },
    async (req) => presentCustomer(await getCustomer(ctx, actorOf(req), req.params.id)),
  );

  app.post<{ Params: IdParams; Body: AddressCreate }>(
    '/v1/customers/:id/addresses',
    {
      config: { roles: SELF },
      schema: { tags: ['customers'], summary: 'Add a delivery address', params: IdParams, body: AddressCreate, response: { 201: Address } },
    },
    async (req, reply) => {
      const b = req.body;
      const a = await addAddress(ctx, actorOf(req), req.params.id, {
        label: b.label ?? null,
        line1: b.line1,
        city: b.city,
        postcode: b.postcode,
        country: b.country,
        lon: b.lon,
        lat: b.lat,
        dropoff: b.dropoff ?? 'door',
        dropoffNotes: b.dropoffNotes ?? null,
      });
      return reply.status(201).send(presentAddress(a));
    },
  );

  app.get<{ Params: IdParams; Querystring: PageQuery }>(
    '/v1/customers/:id/addresses',
    {
      config: { roles: SELF },
      schema: { tags: ['customers'], summary: 'List a customer’s addresses', params: IdParams, querystring: PageQuery, response: { 200: PageEnvelope(Address) } },
    },
    async (req) => pageBody(await listAddresses(ctx, actorOf(req), req.params.id, pageRequest(req.query)), presentAddress),
  );
}

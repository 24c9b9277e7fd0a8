// POST /v1/optimize: the routing engine as a service, a drop-in for VROOM's HTTP front
// (vroom-express): VROOM JSON in, VROOM-shaped JSON out. Input is read by the engine's VROOM
// reader (its messages name the failing field), solved in a worker thread through src/jobs (the
// event loop stays free), and the answer is written from the independent checker's schedule; a
// solver answer the checker rejects, or that leaves jobs unassigned, goes through a greedy repair
// (domain/dispatch-repair.ts): what fits nowhere is listed unassigned, as VROOM does.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { polishSolution } from '../../domain/dispatch-repair.js';
import { check } from '../../engine/check.js';
import { isParseError } from '../../engine/errors.js';
import { readVroom } from '../../engine/io/vroom.js';
import { writeVroomOutput } from '../../engine/io/vroom-output.js';
import { JobError, jobsFor } from '../../jobs/index.js';
import { actorOf } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';

export interface OptimizeLimits {
  maxJobs: number;
  maxVehicles: number;
  /** Matrix side (distinct locations). */
  maxLocations: number;
  maxBodyBytes: number;
  defaultTimeLimitS: number;
  maxTimeLimitS: number;
}

export const DEFAULT_OPTIMIZE_LIMITS: Readonly<OptimizeLimits> = {
  maxJobs: 2000,
  maxVehicles: 200,
  maxLocations: 2500,
  maxBodyBytes: 8 * 1024 * 1024,
  defaultTimeLimitS: 2,
  maxTimeLimitS: 30,
};

/** RELAIS_OPTIMIZE_MAX_JOBS, _MAX_VEHICLES, _MAX_LOCATIONS, _MAX_BODY_BYTES, _DEFAULT_SECONDS, _MAX_SECONDS. */
export function optimizeLimitsFromEnv(env: Record<string, string | undefined>): OptimizeLimits {
  const out = { ...DEFAULT_OPTIMIZE_LIMITS };
  const read = (name: string, key: keyof OptimizeLimits) => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
    out[key] = n;
  };
  read('RELAIS_OPTIMIZE_MAX_JOBS', 'maxJobs');
  read('RELAIS_OPTIMIZE_MAX_VEHICLES', 'maxVehicles');
  read('RELAIS_OPTIMIZE_MAX_LOCATIONS', 'maxLocations');
  read('RELAIS_OPTIMIZE_MAX_BODY_BYTES', 'maxBodyBytes');
  read('RELAIS_OPTIMIZE_DEFAULT_SECONDS', 'defaultTimeLimitS');
  read('RELAIS_OPTIMIZE_MAX_SECONDS', 'maxTimeLimitS');
  return out;
}

const OptimizeQuery = Type.Object(
  { timeLimit: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'search time in seconds (capped by the server)' })) },
  { additionalProperties: false },
);
type OptimizeQuery = Static<typeof OptimizeQuery>;

// Permissive on purpose: the VROOM reader validates the problem and names the failing field.
const VroomInput = Type.Object(
  {
    jobs: Type.Unknown({ description: 'VROOM jobs (id, location or location_index, service, delivery/amount, skills, priority, time_windows)' }),
    vehicles: Type.Unknown({ description: 'VROOM vehicles (id, profile, start/end or *_index, capacity, costs, skills, time_window, max_travel_time, max_distance, speed_factor)' }),
    matrices: Type.Optional(Type.Unknown({ description: '{ profile: { durations, distances } }' })),
    matrix: Type.Optional(Type.Unknown({ description: 'legacy durations matrix for profile "car"' })),
    description: Type.Optional(Type.Unknown()),
    options: Type.Optional(Type.Object({ timeLimit: Type.Optional(Type.Number({ exclusiveMinimum: 0 })) }, { additionalProperties: false, description: 'Relais extension' })),
  },
  { additionalProperties: true },
);

const Step = Type.Object({
  type: Type.String(),
  id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
  location: Type.Optional(Type.Array(Type.Number())),
  location_index: Type.Integer(),
  arrival: Type.Number(),
  duration: Type.Number(),
  service: Type.Number(),
  waiting_time: Type.Number(),
  load: Type.Array(Type.Number()),
  distance: Type.Number(),
});
const VroomOutput = Type.Object({
  code: Type.Integer(),
  summary: Type.Object({
    cost: Type.Number(),
    routes: Type.Integer(),
    unassigned: Type.Integer(),
    delivery: Type.Array(Type.Number()),
    amount: Type.Array(Type.Number()),
    service: Type.Number(),
    duration: Type.Number(),
    waiting_time: Type.Number(),
    distance: Type.Number(),
    computing_times: Type.Object({ loading: Type.Integer(), solving: Type.Integer(), routing: Type.Integer() }),
  }),
  unassigned: Type.Array(
    Type.Object({ id: Type.Union([Type.Integer(), Type.String()]), location: Type.Optional(Type.Array(Type.Number())), location_index: Type.Integer(), type: Type.String() }),
  ),
  routes: Type.Array(
    Type.Object({
      vehicle: Type.Union([Type.Integer(), Type.String()]),
      cost: Type.Number(),
      delivery: Type.Array(Type.Number()),
      amount: Type.Array(Type.Number()),
      duration: Type.Number(),
      distance: Type.Number(),
      service: Type.Number(),
      waiting_time: Type.Number(),
      steps: Type.Array(Step),
    }),
  ),
});

function tooLarge(what: string, got: number, limit: number): ApiError {
  return new ApiError('problem_too_large', `${what}: ${got} exceeds the limit of ${limit}`, { limit: what, max: limit, got });
}

function matrixSide(body: Record<string, unknown>): number {
  let side = 0;
  if (Array.isArray(body['matrix'])) side = Math.max(side, body['matrix'].length);
  const ms = body['matrices'];
  if (ms && typeof ms === 'object') {
    for (const m of Object.values(ms as Record<string, unknown>)) {
      if (m && typeof m === 'object') {
        for (const k of ['durations', 'distances']) {
          const rows = (m as Record<string, unknown>)[k];
          if (Array.isArray(rows)) side = Math.max(side, rows.length);
        }
      }
    }
  }
  return side;
}

export function registerOptimizeRoutes(app: FastifyInstance, { ctx }: ApiDeps, limits: OptimizeLimits = optimizeLimitsFromEnv(process.env)): void {
  app.post<{ Querystring: OptimizeQuery; Body: Record<string, unknown> }>(
    '/v1/optimize',
    {
      bodyLimit: limits.maxBodyBytes,
      // Refuse an oversized body from its declared length, before reading it.
      onRequest: async (req) => {
        const declared = Number(req.headers['content-length'] ?? 0);
        if (declared > limits.maxBodyBytes) throw tooLarge('bodyBytes', declared, limits.maxBodyBytes);
      },
      schema: {
        tags: ['optimize'],
        summary: 'Solve a VROOM-format problem; answers VROOM-shaped output (drop-in for vroom-express)',
        description:
          `Limits: ${limits.maxJobs} jobs, ${limits.maxVehicles} vehicles, ${limits.maxLocations} locations, ${limits.maxBodyBytes} body bytes (413 problem_too_large). ` +
          `Time limit: ?timeLimit=<s> or options.timeLimit, default ${limits.defaultTimeLimitS} s, capped at ${limits.maxTimeLimitS} s (header x-relais-time-limit-ms).`,
        querystring: OptimizeQuery,
        body: VroomInput,
        response: { 200: VroomOutput },
      },
    },
    async (req, reply) => {
      actorOf(req);
      const t0 = performance.now();
      const { options, ...input } = req.body as Record<string, unknown> & { options?: { timeLimit?: number } };
      const jobs = input['jobs'];
      const vehicles = input['vehicles'];
      if (Array.isArray(jobs) && jobs.length > limits.maxJobs) throw tooLarge('jobs', jobs.length, limits.maxJobs);
      if (Array.isArray(vehicles) && vehicles.length > limits.maxVehicles) throw tooLarge('vehicles', vehicles.length, limits.maxVehicles);
      const side = matrixSide(input);
      if (side > limits.maxLocations) throw tooLarge('locations', side, limits.maxLocations);

      let problem;
      try {
        problem = readVroom(input, 'body');
      } catch (err) {
        if (isParseError(err)) throw new ApiError('validation_failed', err.message, { in: 'body', path: `/${err.field.replace(/\[(\d+)\]/g, '/$1').replace(/\./g, '/')}`, field: err.field });
        throw err;
      }
      if (problem.locationCount > limits.maxLocations) throw tooLarge('locations', problem.locationCount, limits.maxLocations);

      const seconds = Math.min(req.query.timeLimit ?? options?.timeLimit ?? limits.defaultTimeLimitS, limits.maxTimeLimitS);
      const timeLimitMs = Math.round(seconds * 1000);
      const loaded = performance.now();
      let solved;
      try {
        solved = await jobsFor(ctx).solve({ problem, timeLimitMs });
      } catch (err) {
        if (err instanceof JobError) throw new ApiError('job_failed', err.message, {});
        throw err;
      }
      // As VROOM does, answer a feasible plan; jobs that fit nowhere are listed unassigned.
      const polished = await polishSolution(problem, solved.solution);
      const checked = check(problem, polished.solution);
      const out = writeVroomOutput(problem, checked, { loading: loaded - t0, solving: performance.now() - loaded });
      reply.header('x-relais-repair', `dropped=${polished.dropped};inserted=${polished.inserted}`);
      reply.header('x-relais-time-limit-ms', String(timeLimitMs));
      reply.header('x-relais-feasible', String(checked.feasible));
      return out;
    },
  );
}

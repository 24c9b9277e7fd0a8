// POST /v1/optimize on both back ends: a VROOM input answers VROOM-shaped output that the
// independent checker accepts when read back; limits answer 413 problem_too_large; bad input
// 400 naming the field; roles; the time limit is capped; the event loop stays free while solving.
// Limits are set small through the environment so the tests stay cheap.
import { beforeAll, expect, it } from 'vitest';
import { check } from '../../src/engine/check.js';
import { readVroom } from '../../src/engine/io/vroom.js';
import { readVroomOutput } from '../../src/engine/io/vroom-output.js';
import { DEFAULT_OPTIMIZE_LIMITS, optimizeLimitsFromEnv } from '../../src/api/routes/optimize.js';
import { bearer, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

Object.assign(process.env, {
  RELAIS_OPTIMIZE_MAX_JOBS: '20',
  RELAIS_OPTIMIZE_MAX_VEHICLES: '3',
  RELAIS_OPTIMIZE_MAX_LOCATIONS: '30',
  RELAIS_OPTIMIZE_MAX_BODY_BYTES: '200000',
  RELAIS_OPTIMIZE_DEFAULT_SECONDS: '0.3',
  RELAIS_OPTIMIZE_MAX_SECONDS: '0.6',
});

// Six jobs (9 units) on a 7×7 matrix (index 0 is the depot), two vehicles of capacity 5, windows on two jobs.
const side = 7;
const coords = [[0, 0], [10, 0], [20, 5], [0, 15], [-10, 5], [5, -12], [25, 20]];
const durations = coords.map(([x1, y1]) => coords.map(([x2, y2]) => Math.round(Math.hypot(x2! - x1!, y2! - y1!) * 6)));
export const SMALL = {
  jobs: [1, 2, 3, 4, 5, 6].map((id) => ({
    id,
    location_index: id,
    service: 30,
    delivery: [id % 2 === 0 ? 2 : 1],
    ...(id === 3 ? { time_windows: [[0, 400]] } : id === 6 ? { time_windows: [[300, 2000]] } : {}),
  })),
  vehicles: [
    { id: 1, start_index: 0, end_index: 0, capacity: [5], time_window: [0, 3000] },
    { id: 2, start_index: 0, end_index: 0, capacity: [5], time_window: [0, 3000] },
  ],
  matrices: { car: { durations } },
};

describeBackends('POST /v1/optimize', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });
  const post = (payload: unknown, key = w.keys.operator, url = '/v1/optimize') =>
    env().app.inject({ method: 'POST', url, headers: { ...bearer(key), 'content-type': 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

  it('answers a small VROOM problem with VROOM-shaped output the checker accepts', async () => {
    const r = await post(SMALL);
    expect(r.statusCode).toBe(200);
    const out = r.json();
    expect(out.code).toBe(0);
    expect(Object.keys(out.summary).sort()).toEqual(['amount', 'computing_times', 'cost', 'delivery', 'distance', 'duration', 'routes', 'service', 'unassigned', 'waiting_time']);
    expect(out.summary.unassigned).toBe(0);
    expect(out.unassigned).toEqual([]);
    const served = out.routes.flatMap((rt: { steps: Array<{ type: string; id?: number }> }) => rt.steps.filter((s) => s.type === 'job').map((s) => s.id)).sort();
    expect(served).toEqual([1, 2, 3, 4, 5, 6]);
    for (const rt of out.routes) {
      expect(rt.steps[0].type).toBe('start');
      expect(rt.steps.at(-1).type).toBe('end');
      expect(typeof rt.vehicle).toBe('number');
    }
    // Independent: read the answer back and check it against the input.
    const problem = readVroom(SMALL, 'small');
    const { solution, unknown } = readVroomOutput(out, 'answer', problem);
    expect(unknown).toEqual([]);
    const result = check(problem, solution);
    expect(result.violations).toEqual([]);
    expect(out.summary.cost).toBeCloseTo(result.cost.total - result.cost.penalty, 6);
    expect(out.summary.duration).toBeCloseTo(result.travelTime, 6);
    expect(r.headers['x-relais-time-limit-ms']).toBe('300');
    expect(r.headers['x-relais-feasible']).toBe('true');
  });

  it('lists what cannot fit as unassigned, like VROOM, and still answers a plan the checker accepts', async () => {
    const tight = { ...SMALL, vehicles: SMALL.vehicles.map((v) => ({ ...v, capacity: [4] })) }; // 9 units, room for 8
    const r = await post(tight);
    expect(r.statusCode).toBe(200);
    const out = r.json();
    expect(out.summary.unassigned).toBeGreaterThanOrEqual(1);
    const problem = readVroom(tight, 'tight');
    const result = check(problem, readVroomOutput(out, 'answer', problem).solution);
    expect(result.violations).toEqual([]);
    expect(out.unassigned.map((u: { id: number }) => u.id).sort()).toEqual(result.unassigned.map((j) => Number(problem.jobs[j]!.id)).sort());
    expect(r.headers['x-relais-feasible']).toBe('true');
  });

  it('takes the time limit from the query or options, capped by the server', async () => {
    const viaQuery = await post(SMALL, w.keys.operator, '/v1/optimize?timeLimit=0.2');
    expect(viaQuery.headers['x-relais-time-limit-ms']).toBe('200');
    const capped = await post({ ...SMALL, options: { timeLimit: 999 } });
    expect(capped.statusCode).toBe(200);
    expect(capped.headers['x-relais-time-limit-ms']).toBe('600');
    const badOption = await post({ ...SMALL, options: { threads: 4 } });
    expect([badOption.statusCode, badOption.json().error.code]).toEqual([400, 'validation_failed']);
    const badQuery = await post(SMALL, w.keys.operator, '/v1/optimize?timeLimit=-1');
    expect([badQuery.statusCode, badQuery.json().error.code]).toEqual([400, 'validation_failed']);
  });

  it('answers 413 problem_too_large beyond the jobs, vehicles, matrix and body limits', async () => {
    const job = (id: number) => ({ id, location: [4.8 + id / 1000, 45.7] });
    const cases: Array<[unknown, string]> = [
      [{ ...SMALL, jobs: Array.from({ length: 21 }, (_, i) => job(i + 1)), matrices: undefined, vehicles: [{ id: 1, start: [4.8, 45.7] }] }, 'jobs'],
      [{ ...SMALL, vehicles: [1, 2, 3, 4].map((id) => ({ id, start_index: 0 })) }, 'vehicles'],
      [{ ...SMALL, matrices: { car: { durations: Array.from({ length: 31 }, () => [0]) } } }, 'locations'],
      // 20 jobs and 3 vehicles, but 2 + 20 + 2·3 = 26 ≤ 30 … so spread vehicle ends to pass 30 distinct points:
      [{ jobs: Array.from({ length: 20 }, (_, i) => job(i + 1)), vehicles: [1, 2, 3].map((id) => ({ id, start: [5 + id, 45], end: [6 + id, 46] })) }, 'ok'],
    ];
    for (const [body, limit] of cases) {
      const r = await post(body);
      if (limit === 'ok') {
        expect(r.statusCode).toBe(200);
        continue;
      }
      expect([limit, r.statusCode, r.json().error.code, r.json().error.details.limit]).toEqual([limit, 413, 'problem_too_large', limit]);
    }
    const big = JSON.stringify({ ...SMALL, description: 'x'.repeat(210_000) });
    const r = await post(big);
    expect([r.statusCode, r.json().error.code, r.json().error.details.limit]).toEqual([413, 'problem_too_large', 'bodyBytes']);
  });

  it('answers 400 with the reader’s message naming the field', async () => {
    const noLocation = await post({ ...SMALL, jobs: [{ id: 1, service: 10 }] });
    expect(noLocation.statusCode).toBe(400);
    expect(noLocation.json().error.code).toBe('validation_failed');
    expect(noLocation.json().error.details.field).toBe('jobs[0].location_index');
    expect(noLocation.json().error.message).toContain('jobs[0].location_index');
    const pickup = await post({ ...SMALL, jobs: [{ id: 1, location_index: 1, pickup: [1] }] });
    expect([pickup.statusCode, pickup.json().error.details.field]).toEqual([400, 'jobs[0].pickup']);
    const unknownTop = await post({ ...SMALL, shipments: [] });
    expect([unknownTop.statusCode, unknownTop.json().error.message]).toEqual([400, expect.stringContaining('shipments')]);
    const notJson = await post('{"jobs": [');
    expect([notJson.statusCode, notJson.json().error.code]).toEqual([400, 'invalid_json']);
  });

  it('is for operators only', async () => {
    for (const key of [w.keys.alice, w.keys.supplier, w.keys.device]) {
      const r = await post(SMALL, key);
      expect([r.statusCode, r.json().error.code]).toEqual([403, 'forbidden']);
    }
  });

  it('keeps the event loop free while solving: a health probe answers before the solve ends', async () => {
    let solvedAt = 0;
    const solving = post(SMALL, w.keys.operator, '/v1/optimize?timeLimit=0.6').then((r) => {
      solvedAt = performance.now();
      return r;
    });
    await new Promise((r) => setTimeout(r, 100));
    const probe = await env().app.inject({ method: 'GET', url: '/healthz' });
    const probedAt = performance.now();
    expect(probe.statusCode).toBe(200);
    expect((await solving).statusCode).toBe(200);
    expect(probedAt).toBeLessThan(solvedAt);
  });
});

it('documents its default limits', () => {
  expect(optimizeLimitsFromEnv({})).toEqual(DEFAULT_OPTIMIZE_LIMITS);
  expect(DEFAULT_OPTIMIZE_LIMITS).toEqual({ maxJobs: 2000, maxVehicles: 200, maxLocations: 2500, maxBodyBytes: 8 * 1024 * 1024, defaultTimeLimitS: 2, maxTimeLimitS: 30 });
  expect(() => optimizeLimitsFromEnv({ RELAIS_OPTIMIZE_MAX_JOBS: 'many' })).toThrow(/RELAIS_OPTIMIZE_MAX_JOBS/);
});

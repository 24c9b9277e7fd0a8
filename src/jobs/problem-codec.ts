// Problems and solutions as JSON for queues (BullMQ stores job data as JSON): typed-array
// matrices become plain arrays and infinite bounds become null, and back.
import type { Problem, ProfileMatrices, Solution, TimeWindow, Vehicle } from '../engine/model.js';

type Finite = number | null;

export interface ProblemJson extends Omit<Problem, 'matrices' | 'vehicles'> {
  matrices: Record<string, { distance: number[]; duration: number[] }>;
  vehicles: Array<Omit<Vehicle, 'shift' | 'maxDistance' | 'maxDuration'> & { shift: { start: number; end: Finite }; maxDistance: Finite; maxDuration: Finite }>;
}

const out = (x: number): Finite => (Number.isFinite(x) ? x : null);
const back = (x: Finite): number => (x === null ? Number.POSITIVE_INFINITY : x);

export function encodeProblem(p: Problem): ProblemJson {
  const matrices: ProblemJson['matrices'] = {};
  for (const [k, m] of Object.entries(p.matrices)) matrices[k] = { distance: Array.from(m.distance), duration: Array.from(m.duration) };
  return {
    ...p,
    matrices,
    vehicles: p.vehicles.map((v) => ({ ...v, shift: { start: v.shift.start, end: out(v.shift.end) }, maxDistance: out(v.maxDistance), maxDuration: out(v.maxDuration) })),
    // Time windows may be open-ended too.
    jobs: p.jobs.map((j) => ({ ...j, timeWindows: j.timeWindows.map((w) => ({ start: w.start, end: out(w.end) as number })) })),
  };
}

export function decodeProblem(j: ProblemJson): Problem {
  const matrices: Record<string, ProfileMatrices> = {};
  for (const [k, m] of Object.entries(j.matrices)) matrices[k] = { distance: Float64Array.from(m.distance), duration: Float64Array.from(m.duration) };
  return {
    ...j,
    matrices,
    vehicles: j.vehicles.map((v) => ({ ...v, shift: { start: v.shift.start, end: back(v.shift.end) }, maxDistance: back(v.maxDistance), maxDuration: back(v.maxDuration) })),
    jobs: j.jobs.map((job) => ({ ...job, timeWindows: job.timeWindows.map((w: TimeWindow) => ({ start: w.start, end: back(w.end as Finite) })) })),
  };
}

/** Solutions are plain arrays already; this checks the shape that came back from a queue. */
export function decodeSolution(raw: unknown): Solution {
  const s = raw as Solution;
  if (!s || !Array.isArray(s.routes) || !Array.isArray(s.unassigned)) throw new Error('malformed solution from the queue');
  return s;
}

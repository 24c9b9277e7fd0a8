// A small VROOM problem (30 jobs around Lyon, three vehicles) for the jobs tests.
import { readVroom } from '../../src/engine/io/vroom.js';
import type { Problem } from '../../src/engine/model.js';

export function smallProblem(n = 30): Problem {
  const jobs = Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    location: [4.8 + 0.01 * Math.cos(i * 2.4) * (1 + (i % 4)), 45.75 + 0.008 * Math.sin(i * 2.4) * (1 + (i % 3))],
    service: 60,
    delivery: [1 + (i % 3)],
    ...(i % 5 === 0 ? { time_windows: [[0, 3600 + 200 * i]] } : {}),
  }));
  const vehicles = [1, 2, 3].map((id) => ({ id, start: [4.8, 45.75], end: [4.8, 45.75], capacity: [40], time_window: [0, 8 * 3600] }));
  return readVroom({ jobs, vehicles }, 'small');
}

// Published best-known solutions must check as feasible with exactly the published cost.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.js';
import { readSol } from '../../src/engine/io/sol.js';
import { readVrplib } from '../../src/engine/io/vrplib.js';

const X_DIR = 'bench/instances/cvrp';
const MT_DIR = 'bench/instances/mtvrptwr';

function load(dir: string, name: string) {
  const problem = readVrplib(readFileSync(`${dir}/${name}.vrp`, 'utf8'), `${name}.vrp`);
  const sol = readSol(readFileSync(`${dir}/${name}.sol`, 'utf8'), `${name}.sol`, problem);
  return { problem, sol, result: check(problem, sol.solution) };
}

describe('BKS of the CVRPLIB X set (EUC_2D rounded, integer cost)', () => {
  const names = readdirSync(X_DIR).filter((f) => f.endsWith('.vrp')).map((f) => f.replace('.vrp', ''));
  it('has the instances', () => expect(names.length).toBe(31));
  it.each(names)('%s checks feasible at the published cost', (name) => {
    const { sol, result } = load(X_DIR, name);
    expect(result.violations).toEqual([]);
    expect(result.cost.total).toBe(sol.cost);
    expect(result.vehiclesUsed).toBe(sol.solution.routes.length);
  });
});

describe('BKS of MTVRPTWR (multi-trip, time windows, release dates)', () => {
  // The set's objective is total distance with distances truncated to one decimal (DIMACS),
  // written in tenths: "Cost: 15006" is a distance of 1500.6.
  it.each(['C201R0.25', 'R201R0.5', 'RC208R0.75'])('%s checks feasible at the published cost', (name) => {
    const { problem, sol, result } = load(MT_DIR, name);
    expect(problem.metric).toBe('euclidean-trunc1');
    expect(result.violations).toEqual([]);
    expect(Math.round(result.cost.total * 10)).toBe(sol.cost);
    expect(Math.abs(result.cost.total * 10 - sol.cost!)).toBeLessThan(1e-6);
    expect(result.routes.some((r) => r.trips > 1)).toBe(true);
  });

  it('a multi-trip solution becomes infeasible without reloads', () => {
    const { problem, sol } = load(MT_DIR, 'C201R0.25');
    for (const v of problem.vehicles) v.maxTrips = 1;
    expect(check(problem, sol.solution).violations.join('\n')).toMatch(/trips exceed maxTrips 1/);
  });

  it('ignoring release dates is caught: a release after the shift end makes the BKS infeasible', () => {
    const { problem, sol } = load(MT_DIR, 'R201R0.5');
    const served = sol.solution.routes[0]!.trips[0]![0]!;
    problem.jobs[served]!.release = problem.vehicles[0]!.shift.end;
    expect(check(problem, sol.solution).feasible).toBe(false);
  });
});

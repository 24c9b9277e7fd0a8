// `relais solve` on a multi-trip instance (MTVRPTWR: reloads, release dates) writes a `.sol` in the
// set's convention (a 0 inside a route = reload) that the independent checker accepts.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.js';
import { readSol } from '../../src/engine/io/sol.js';
import { readVrplib } from '../../src/engine/io/vrplib.js';

const MT = 'test/fixtures/mtvrptwr/C201R0.25.vrp';
let dir: string;

function relais(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/relais.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs']);
  dir = mkdtempSync(join(tmpdir(), 'relais-cli-mt-'));
});

describe('relais solve on a multi-trip instance', () => {
  it('writes reloads as 0 inside routes; the written .sol re-checks feasible at its stated cost', () => {
    const out = join(dir, 'C201R0.25.sol');
    const r = relais('solve', MT, '--time-limit', '4', '--seed', '2', '--output-format', 'sol', '--out', out);
    expect(r.stderr).toMatch(/feasible/);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^Route #1: /m);
    // 8 vehicles cannot carry the demand in one trip each: some route reloads.
    expect(text).toMatch(/^Route #\d+: (\d+ )+0 \d+/m);
    const problem = readVrplib(readFileSync(MT, 'utf8'), MT);
    const sol = readSol(text, out, problem);
    expect(sol.unknown).toEqual([]);
    const checked = check(problem, sol.solution);
    expect(checked.violations).toEqual([]);
    expect(checked.unassigned).toEqual([]);
    expect(checked.routes.some((route) => route.trips > 1)).toBe(true);
    expect(checked.cost.total).toBeCloseTo(sol.cost!, 6);
    // And the CLI's own checker command agrees.
    const again = relais('check', MT, out);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/feasible/);
  });
});

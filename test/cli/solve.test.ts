// Runs the built CLI (`node bin/relais.js`, built by `npm test`'s pretest or beforeAll here)
// as a child process and asserts exit codes and outputs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.js';
import { readSol } from '../../src/engine/io/sol.js';
import { readVrplib } from '../../src/engine/io/vrplib.js';

const X101 = 'bench/instances/cvrp/X-n101-k25.vrp';
const X101_SOL = 'bench/instances/cvrp/X-n101-k25.sol';
// Multi-trip (MTVRPTWR: reloads, release dates): the .sol convention writes a reload as 0 inside a route.
const MT = 'bench/instances/mtvrptwr/C201R0.25.vrp';
let dir: string;

function relais(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/relais.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs']);
  dir = mkdtempSync(join(tmpdir(), 'relais-cli-'));
});

describe('relais check', () => {
  it('exits 0 on a feasible solution and prints the checker cost', () => {
    const r = relais('check', X101, X101_SOL);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^X-n101-k25: feasible$/m);
    expect(r.stdout).toMatch(/^cost 27591 = distance cost 27591 \+ time cost 0 \+ fixed 0 \+ penalties 0$/m);
    expect(r.stdout).toMatch(/vehicles used 26\/36/);
  });

  it('exits 1 on an infeasible solution and names the violations', () => {
    const sol = readFileSync(X101_SOL, 'utf8').replace('Route #26: 24 95 73 53 33 32', 'Route #26: 24 95 73 53 33 32 31');
    const file = join(dir, 'dup.sol');
    writeFileSync(file, sol);
    const r = relais('check', X101, file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/INFEASIBLE/);
    expect(r.stdout).toMatch(/job 31 \(#30\) already served by route 0/);
  });

  it('exits 1 when the solution references an unknown customer', () => {
    const file = join(dir, 'unknown.sol');
    writeFileSync(file, readFileSync(X101_SOL, 'utf8').replace('Route #25: 75 93', 'Route #25: 75 93 500'));
    const r = relais('check', X101, file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/unknown customer 500/);
  });

  it('exits 2 with one line naming file, line and field on a malformed instance', () => {
    const bad = readFileSync(X101, 'utf8').replace(/^4\t658\t510/m, '4\t658\tfive');
    const file = join(dir, 'bad.vrp');
    writeFileSync(file, bad);
    const r = relais('check', file, X101_SOL);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`relais: ${file}:11: NODE_COORD_SECTION: not a number: "five"\n`);
    expect(r.stdout).toBe('');
  });

  it('exits 2 on a missing file', () => {
    const r = relais('check', X101, join(dir, 'nope.sol'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`relais: ${join(dir, 'nope.sol')}: file: cannot read (ENOENT)\n`);
  });
});

describe('relais solve', () => {
  it('solves, writes a .sol that relais check accepts, and reports the checker cost on stderr', () => {
    const out = join(dir, 'x.sol');
    const r = relais('solve', X101, '--time-limit', '2', '--seed', '3', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^X-n101-k25: feasible$/m);
    const cost = /^cost (\d+) /m.exec(r.stderr)![1];
    const written = readFileSync(out, 'utf8');
    expect(written).toMatch(new RegExp(`\\nCost ${cost}\\n$`));
    // Not a TTY: plain progress lines, no bar.
    expect(r.stderr).toMatch(/^solving: /m);
    const c = relais('check', X101, out);
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(new RegExp(`^cost ${cost} `, 'm'));
  });

  it('solves on worker threads with --threads', () => {
    const out = join(dir, 'threads.sol');
    const r = relais('solve', X101, '--time-limit', '2', '--threads', '2', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/threads 2/);
    expect(relais('check', X101, out).code).toBe(0);
  });

  it('writes VROOM-shaped JSON to stdout for a VROOM input', () => {
    const input = join(dir, 'in.json');
    writeFileSync(
      input,
      JSON.stringify({
        vehicles: [{ id: 1, start: [2.35, 48.85], end: [2.35, 48.85], capacity: [10] }],
        jobs: [
          { id: 1, location: [2.36, 48.86], delivery: [2], service: 60 },
          { id: 2, location: [2.34, 48.84], delivery: [3], service: 60 },
        ],
      }),
    );
    const r = relais('solve', input, '--time-limit', '1');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.code).toBe(0);
    expect(out.summary.unassigned).toBe(0);
    expect(out.routes[0].steps.map((s: { type: string }) => s.type)).toEqual(['start', 'job', 'job', 'end']);
    const outFile = join(dir, 'out.json');
    writeFileSync(outFile, r.stdout);
    expect(relais('check', input, outFile).code).toBe(0);
  });

  it('rejects an unsupported VROOM field with exit 2 and one line', () => {
    const input = join(dir, 'ship.json');
    writeFileSync(input, JSON.stringify({ vehicles: [{ id: 1, start: [2.35, 48.85] }], jobs: [], shipments: [] }, null, 2));
    const r = relais('solve', input);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`relais: ${input}:12: shipments: unsupported field\n`);
  });

  it('exits 2 on a bad option value', () => {
    const r = relais('solve', X101, '--time-limit', 'soon');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--time-limit must be a positive number/);
  });
});

describe('relais solve on a multi-trip instance', () => {
  it('writes reloads as 0 inside routes; the written .sol re-checks feasible at its stated cost', () => {
    const out = join(dir, 'C201R0.25-mt.sol');
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

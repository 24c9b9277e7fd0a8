// `relais simulate` as a user runs it: the built CLI as a child process, exit codes and files.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

let dir: string;

function relais(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/relais.js', ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs']);
  dir = mkdtempSync(join(tmpdir(), 'relais-simulate-'));
});

describe('relais simulate', () => {
  it('refuses a bad scenario with exit 2 and a line naming the field, writing nothing', () => {
    const s = JSON.parse(readFileSync('scenarios/small-town.json', 'utf8'));
    s.fleet[0].speedMps = -3;
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(s));
    const r = relais('simulate', '--scenario', file, '--report', join(dir, 'bad-report'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid scenario .*bad\.json: 1 problem/);
    expect(r.stderr).toMatch(/\/fleet\/0\/speedMps: /);
    expect(existsSync(join(dir, 'bad-report'))).toBe(false);
  });

  it('refuses bad options with exit 2', () => {
    expect(relais('simulate', '--scenario', 'scenarios/small-town.json', '--hours', '-1')).toMatchObject({ code: 2, stderr: expect.stringContaining('--hours must be a number') });
    expect(relais('simulate', '--scenario', 'scenarios/small-town.json', '--speed', '10', '--as-fast-as-possible')).toMatchObject({ code: 2, stderr: expect.stringContaining('either --speed or --as-fast-as-possible') });
    expect(relais('simulate', '--scenario', 'scenarios/small-town.json', '--seed', '1.5')).toMatchObject({ code: 2, stderr: expect.stringContaining('--seed must be an integer') });
    expect(relais('simulate', '--hours', '1')).toMatchObject({ code: 2 }); // --scenario is required
  });

  it('plays an hour of the small town and writes the report', () => {
    const out = join(dir, 'report');
    const r = relais('simulate', '--scenario', 'scenarios/small-town.json', '--hours', '1', '--seed', '3', '--report', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/simulating: 03-02 08:00 UTC/); // progress goes to stderr (plain lines when not a terminal)
    expect(r.stdout).toMatch(/^small-town: 1 simulated hours in [\d.]+ s$/m);
    expect(r.stdout).toMatch(/orders placed \d+, delivered \d+ \(van \d+, drone \d+\)/);
    for (const f of ['report.md', 'report.html', 'kpis.json', 'charts/deliveries-per-hour.svg', 'charts/on-time.svg', 'charts/battery.svg', 'charts/route-map.svg']) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const k = JSON.parse(readFileSync(join(out, 'kpis.json'), 'utf8')).kpis;
    expect(k.consistent).toBe(true);
    expect(k.delivered + k.failed + k.open).toBe(k.placed);
  });
});

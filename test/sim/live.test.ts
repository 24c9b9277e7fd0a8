// The live demo behind `npm start`: `relais serve --demo --simulate [speed]` seeds the demo city
// and plays it while the API answers, the whole server in simulated time.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveSpeed, prepareLiveSimulation } from '../../src/sim/live.js';

describe('live clock', () => {
  const at = (iso: string) => Date.parse(iso);
  it('starts now while the hubs are open, else at the next opening (07:00 UTC in the demo city)', () => {
    expect(prepareLiveSimulation(60, at('2026-05-04T12:34:56Z')).startS).toBe(at('2026-05-04T12:34:56Z') / 1000);
    expect(prepareLiveSimulation(60, at('2026-05-04T05:00:00Z')).startS).toBe(at('2026-05-04T07:00:00Z') / 1000);
    expect(prepareLiveSimulation(60, at('2026-05-04T23:10:00Z')).startS).toBe(at('2026-05-05T07:00:00Z') / 1000);
  });

  it('reads the speed of --simulate [speed]', () => {
    expect(liveSpeed(true)).toBe(60);
    expect(liveSpeed('120')).toBe(120);
    expect(() => liveSpeed('fast')).toThrow(/--simulate speed must be a number/);
    expect(() => liveSpeed('0')).toThrow(/--simulate speed/);
  });
});

describe('relais serve --demo --simulate', () => {
  let child: ChildProcess;
  let baseUrl: string;
  let output = '';

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build.mjs']);
    const dataDir = mkdtempSync(join(tmpdir(), 'relais-live-'));
    child = spawn(process.execPath, ['bin/relais.js', 'serve', '--demo', '--simulate', '600', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (output += String(d)));
    child.stderr!.on('data', (d) => (output += String(d)));
    baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
      const poll = setInterval(() => {
        const m = /relais listening on (http:\/\/[^\s]+) /.exec(output);
        // The lines after "listening" may come in a later chunk of the pipe: wait for the simulation's too.
        if (m && /live simulation of the demo city/.test(output)) {
          clearTimeout(timer);
          clearInterval(poll);
          resolve(m[1]!);
        }
      }, 100);
    });
  }, 120_000);

  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('plays the demo city: orders arrive and get delivered while the API answers', async () => {
    expect(output).toMatch(/live simulation of the demo city at 600× from /);
    const headers = { authorization: 'Bearer relais-demo-operator-key' };
    let delivered = 0;
    const deadline = Date.now() + 280_000; // generous: the machine running the suite may be busy
    while (Date.now() < deadline && delivered === 0) {
      await new Promise((r) => setTimeout(r, 2000));
      const page = (await (await fetch(`${baseUrl}/v1/orders?state=delivered&limit=5`, { headers })).json()) as { data: Array<{ state: string; createdAt: string; updatedAt: string }> };
      delivered = page.data.length;
      if (delivered) {
        // The API and the simulation share one clock: a delivery is stamped after its order.
        expect(Date.parse(page.data[0]!.updatedAt)).toBeGreaterThan(Date.parse(page.data[0]!.createdAt));
      }
    }
    expect(delivered, output).toBeGreaterThan(0);
  }, 320_000);
});

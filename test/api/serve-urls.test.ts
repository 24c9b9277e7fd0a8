// `relais serve` prints where the console and the API docs are, one line each, beside the
// listening line, and the printed docs URL answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { assertBuilt, startServer } from '../service/server-process.js';

it('relais serve prints the console and docs URLs on start', async () => {
  assertBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'relais-serve-urls-'));
  const srv = await startServer([], { RELAIS_DATA_DIR: dir, RELAIS_TRACKING_SECRET: '' });
  try {
    const deadline = Date.now() + 10_000;
    while (!/API docs: /.test(srv.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const lines = srv.output().split('\n');
    const port = new URL(srv.baseUrl).port;
    expect(lines).toContain(`console: http://127.0.0.1:${port}/console`);
    expect(lines).toContain(`API docs: http://127.0.0.1:${port}/docs`);
    expect(lines.findIndex((l) => l.startsWith('console: '))).toBe(lines.findIndex((l) => /listening on/.test(l)) + 1);
    const docs = await fetch(`http://127.0.0.1:${port}/docs`, { redirect: 'follow' });
    expect(docs.status).toBe(200);
  } finally {
    srv.child.kill('SIGTERM');
    await srv.exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

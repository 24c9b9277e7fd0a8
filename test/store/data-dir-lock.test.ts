// One process per PGlite data folder; a lock left by a dead process is taken over.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DataDirBusyError, openStore } from '../../src/store/index.js';

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), 'relais-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('refuses a second open of the same folder while the first is open, and allows it after close', async () => {
  const dir = fresh();
  const a = await openStore({ kind: 'pglite', dataDir: dir });
  await expect(openStore({ kind: 'pglite', dataDir: dir })).rejects.toBeInstanceOf(DataDirBusyError);
  await a.close();
  expect(existsSync(join(dir, 'relais.lock'))).toBe(false);
  const b = await openStore({ kind: 'pglite', dataDir: dir });
  await b.close();
});

it('refuses a folder locked by another live process and names it', async () => {
  const dir = fresh();
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  try {
    writeFileSync(join(dir, 'relais.lock'), String(child.pid));
    await expect(openStore({ kind: 'pglite', dataDir: dir })).rejects.toThrow(new RegExp(`in use by process ${child.pid}`));
  } finally {
    child.kill('SIGKILL');
  }
});

it('takes over a lock whose owner is dead', async () => {
  const dir = fresh();
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  writeFileSync(join(dir, 'relais.lock'), String(child.pid));
  const s = await openStore({ kind: 'pglite', dataDir: dir });
  await s.ping();
  await s.close();
});

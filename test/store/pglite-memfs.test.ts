import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { grownCapacity, growMemoryFilesByDoubling } from '../../src/store/pglite-memfs.js';

interface Memfs {
  expandFileStorage(node: { contents: Uint8Array | null; usedBytes: number }, needed: number): void;
}
const memfsOf = (client: PGlite) =>
  (client as unknown as { mod: { FS: { lookupPath(p: string): { node: { mount: { type: Memfs } } } } } }).mod.FS.lookupPath('/').node.mount.type;

/** Loads ~3 MB of rows and returns the bytes MEMFS copied while growing files, and a digest of the rows. */
async function loadAndMeasure(client: PGlite): Promise<{ copied: number; n: number; digest: string }> {
  const memfs = memfsOf(client);
  const expand = memfs.expandFileStorage.bind(memfs);
  let copied = 0;
  memfs.expandFileStorage = (node, needed) => {
    if ((node.contents?.length ?? 0) < needed) copied += node.usedBytes;
    expand(node, needed);
  };
  await client.exec('create table t (id int primary key, body text)');
  for (let k = 0; k < 8; k++) await client.exec(`insert into t select g, repeat(md5(g::text), 20) from generate_series(${k * 500 + 1}, ${(k + 1) * 500}) g`);
  const { rows } = await client.query<{ n: number; digest: string }>(`select count(*)::int as n, md5(string_agg(body, '' order by id)) as digest from t`);
  return { copied, ...rows[0]! };
}

describe('PGlite in memory: files grow by doubling', () => {
  const clients: PGlite[] = [];
  afterAll(() => Promise.all(clients.map((c) => c.close())));

  it('doubles a buffer, or grows it to what is needed when that is more', () => {
    expect(grownCapacity(4 << 20, (4 << 20) + 8192)).toBe(8 << 20);
    expect(grownCapacity(0, 8192)).toBe(8192);
    expect(grownCapacity(0, 10)).toBe(256);
    expect(grownCapacity(1000, 5000)).toBe(5000);
  });

  it('reaches the MEMFS of this PGlite version: the same rows, with far fewer bytes copied', async () => {
    const plain = new PGlite();
    const doubling = new PGlite();
    clients.push(plain, doubling);
    await Promise.all([plain.waitReady, doubling.waitReady]);
    // False would mean a PGlite upgrade moved its file system and the saving silently went away.
    expect(growMemoryFilesByDoubling(doubling)).toBe(true);
    const before = await loadAndMeasure(plain);
    const after = await loadAndMeasure(doubling);
    expect(after.n).toBe(4000);
    expect(after.digest).toBe(before.digest);
    expect(after.copied).toBeLessThan(before.copied / 2);
  });
});

// PGlite in memory keeps its files in Emscripten's MEMFS. MEMFS grows a file's buffer past 1 MB by
// one eighth at a time, copying the whole file each time: a table, index or WAL file that grows a
// page at a time is copied about nine times over its life, and the copies and the garbage they
// leave cost a simulated day seconds of main-thread time. Doubling instead copies each byte about
// once, for at most twice the memory of a file's contents.
import type { PGlite } from '@electric-sql/pglite';

interface MemfsNode {
  contents: Uint8Array | null;
  usedBytes: number;
}
interface Memfs {
  expandFileStorage(node: MemfsNode, newCapacity: number): void;
  getFileDataAsTypedArray(node: MemfsNode): Uint8Array;
}

/** Makes the in-memory file system under `client` grow files by doubling; false when it is not MEMFS as known. */
export function growMemoryFilesByDoubling(client: PGlite): boolean {
  // PGlite does not export its Emscripten module's types; reach the root mount's file system.
  const mod = (client as unknown as { mod?: { FS?: { lookupPath(path: string): { node: { mount?: { type?: unknown } } } } } }).mod;
  const memfs = mod?.FS?.lookupPath('/').node.mount?.type as Partial<Memfs> | undefined;
  if (typeof memfs?.expandFileStorage !== 'function' || typeof memfs.getFileDataAsTypedArray !== 'function') return false;
  const read = memfs.getFileDataAsTypedArray.bind(memfs);
  memfs.expandFileStorage = (node: MemfsNode, needed: number) => {
    const previous = node.contents?.length ?? 0;
    if (previous >= needed) return;
    const old = read(node);
    node.contents = new Uint8Array(grownCapacity(previous, needed));
    node.contents.set(old);
  };
  return true;
}

/** The new buffer size of a file whose buffer of `previous` bytes must hold `needed`. */
export function grownCapacity(previous: number, needed: number): number {
  return Math.max(needed, previous * 2, 256);
}

// One process per PGlite data folder: PGlite has no postmaster to arbitrate, and two processes
// writing one folder (e.g. `relais keys create` beside a running `relais serve`) would corrupt it.
// The lock is a file holding the owner's pid; a lock left by a dead process (SIGKILL, power
// loss) is taken over.
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirBusyError extends Error {
  readonly code = 'data_dir_busy';
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Folders this process holds: a lock file with our own pid is ours only if listed here (after a
// container restart a previous life may have had the same pid).
const held = new Set<string>();

/** Takes the folder's lock or throws DataDirBusyError naming the holder; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'relais.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(file);
      return () => {
        held.delete(file);
        try {
          if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(file, 'utf8').trim());
      const ours = holder === process.pid && held.has(file);
      if (ours || (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder))) {
        throw new DataDirBusyError(
          `data folder ${dataDir} is in use by process ${holder} (a running relais?); stop it first, or point DATABASE_URL at PostgreSQL to share a database`,
        );
      }
      rmSync(file, { force: true }); // stale: its owner is gone
    }
  }
  throw new DataDirBusyError(`could not lock data folder ${dataDir}`);
}

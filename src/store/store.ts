// The Store: one object per process holding the database, handing out repositories either
// directly (single statements) or bound to a transaction (several changes that must commit together).
import { sql } from 'drizzle-orm';
import { IntakeStatements } from './intake.js';
import { CacheEffects, ReferenceCache } from './reference-cache.js';
import { Repos } from './repos/index.js';
import { applyMigrations, migrationStatus, type MigrationStatus } from './migrate.js';
import type { BackendKind, Db, SqlRunner } from './types.js';

export class Store {
  /** Repositories outside any transaction (reads, single-statement writes). */
  readonly repos: Repos;
  /** Order intake's hot path: the reference cache and the single group-committed write. */
  readonly intake: IntakeStatements;
  /** Hubs, vehicles, drone profiles, zones and products for reads outside transactions (see reference-cache.ts). */
  readonly cache: ReferenceCache;

  constructor(
    readonly kind: BackendKind,
    readonly db: Db,
    /** Fixed-SQL statements (intake's); a second Store on the same runner has its own intake cache, as another process would. */
    readonly sql: SqlRunner,
    private readonly closeFn: () => Promise<void>,
  ) {
    // PGlite: this process is the only writer (the data folder is locked). PostgreSQL: other
    // processes may write, so cached reference rows live 1 s at most.
    this.cache = new ReferenceCache(kind === 'pglite' ? null : 1000);
    this.repos = new Repos(db, { cache: this.cache, effects: null });
    this.intake = new IntakeStatements(sql);
  }

  /** Runs `fn` in one transaction; a thrown error rolls everything back. */
  async transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T> {
    const effects = new CacheEffects(this.cache);
    try {
      const result = await this.db.transaction((tx) => fn(new Repos(tx, { cache: this.cache, effects })));
      effects.commit();
      return result;
    } catch (err) {
      effects.rollback();
      throw err;
    }
  }

  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }

  migrate(): Promise<MigrationStatus> {
    return applyMigrations(this.db, this.kind);
  }

  migrationStatus(): Promise<MigrationStatus> {
    return migrationStatus(this.db);
  }

  close(): Promise<void> {
    return this.closeFn();
  }
}

// The Store: one object per process holding the database, handing out repositories either
// directly (single statements) or bound to a transaction (several changes that must commit together).
import { sql } from 'drizzle-orm';
import { IntakeStatements } from './intake.js';
import { Repos } from './repos/index.js';
import { applyMigrations, migrationStatus, type MigrationStatus } from './migrate.js';
import type { BackendKind, Db, SqlRunner } from './types.js';

export class Store {
  /** Repositories outside any transaction (reads, single-statement writes). */
  readonly repos: Repos;
  /** Order intake's hot path: the reference cache and the single group-committed write. */
  readonly intake: IntakeStatements;

  constructor(
    readonly kind: BackendKind,
    readonly db: Db,
    /** Fixed-SQL statements (intake's); a second Store on the same runner has its own intake cache, as another process would. */
    readonly sql: SqlRunner,
    private readonly closeFn: () => Promise<void>,
  ) {
    this.repos = new Repos(db);
    this.intake = new IntakeStatements(sql);
  }

  /** Runs `fn` in one transaction; a thrown error rolls everything back. */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(new Repos(tx)));
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

// What autovacuum does on PostgreSQL, for PGlite: it runs in single-user mode, where no autovacuum
// worker exists, so without this nothing ever analyses or vacuums its tables. Then the planner
// never learns how tables grow or what their columns hold, and the prepared statements
// (pglite-prepared.ts) keep generic plans chosen on near-empty tables all day. ANALYZE both
// refreshes the statistics and invalidates the cached plans of the tables it touches.
//
// Every `writesPerCheck` writes the store checks, with autovacuum's default thresholds, which
// tables changed enough: ANALYZE when rows modified since the last analysis exceed 50 + 10 % of
// the table, VACUUM (with ANALYZE) when dead rows exceed 50 + 20 %. Counting writes rather than
// time suits both a `relais serve` on a data folder and the in-memory simulation, which writes a
// day in seconds; thresholds relative to the table make the work grow with the database, not
// with the number of checks. Each table is one statement, so other statements run in between.
import type { PGlite } from '@electric-sql/pglite';
import type { PreparedPglite, PreparedPgliteTx } from './pglite-prepared.js';

/** Writes between two checks of the tables' modification counters. */
export const WRITES_PER_CHECK = 2000;

/** Statistics target of the store's own analyses (PostgreSQL's default is 100): a 6,000-row sample. */
const STATISTICS_TARGET = 20;

// Data-modifying statements; `with` counts too (the store's CTEs are nearly all writes).
const WRITE = /^\s*(insert|update|delete|with)\b/i;

/** What one check did: the tables analysed, and those vacuumed (and analysed). */
export interface MaintenanceRun {
  analyzed: string[];
  vacuumed: string[];
}

interface TableDue {
  name: string;
  vacuum: boolean;
}

export class PgliteMaintenance {
  private writes = 0;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly client: PGlite,
    private readonly writesPerCheck = WRITES_PER_CHECK,
  ) {}

  /** Counts a statement; past the threshold, a check is queued (it runs once open transactions end). */
  noteStatement(text: string): void {
    if (this.stopped || !WRITE.test(text)) return;
    if (++this.writes < this.writesPerCheck) return;
    this.writes = 0;
    // Never awaited by the writer: it may be inside a transaction, which the check waits for.
    this.running = this.running.then(() => (this.stopped ? undefined : this.runNow())).catch(() => undefined);
  }

  /** Analyses (and vacuums) the tables past their thresholds now. */
  async runNow(): Promise<MaintenanceRun> {
    const run: MaintenanceRun = { analyzed: [], vacuumed: [] };
    const due = await this.tablesDue();
    if (due.length === 0) return run;
    // A smaller sample than PostgreSQL's default (300 × target rows): the backend does nothing
    // else meanwhile, and the plans here need row counts and the few values of state columns.
    await this.client.exec(`set default_statistics_target = ${STATISTICS_TARGET}`);
    try {
      for (const table of due) {
        if (this.stopped) break;
        // VACUUM cannot run in a transaction block: one simple-protocol statement, outside any.
        await this.client.exec(`${table.vacuum ? 'vacuum (analyze)' : 'analyze'} ${table.name}`);
        (table.vacuum ? run.vacuumed : run.analyzed).push(table.name);
      }
    } finally {
      await this.client.exec('reset default_statistics_target');
    }
    return run;
  }

  /** Waits for a queued check to finish (tests; closing the store). */
  async settled(): Promise<void> {
    await this.running;
  }

  /** No further checks; waits for one under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async tablesDue(): Promise<TableDue[]> {
    // A single-user backend keeps its table counters pending until a flush is forced: the
    // statement after this one sees them.
    await this.client.query('select pg_stat_force_next_flush()');
    const due = await this.client.query<{ name: string; vacuum: boolean }>(
      `select quote_ident(s.schemaname) || '.' || quote_ident(s.relname) as name,
              s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0) as vacuum
         from pg_stat_user_tables s join pg_class c on c.oid = s.relid
        where s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
           or s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
        order by s.n_mod_since_analyze desc`,
    );
    return due.rows;
  }
}

/** `prepared` with every statement it runs, in or out of transactions, counted by `maintenance`. */
export function withMaintenance(prepared: PreparedPglite, maintenance: PgliteMaintenance): PreparedPglite {
  return {
    get preparedCount() {
      return prepared.preparedCount;
    },
    query(text, params, options) {
      maintenance.noteStatement(text);
      return prepared.query(text, params, options);
    },
    transaction(fn) {
      return prepared.transaction((tx) =>
        fn({
          query(text, params, options) {
            maintenance.noteStatement(text);
            return tx.query(text, params, options);
          },
          exec: (text) => tx.exec(text),
          rollback: () => tx.rollback(),
          get closed() {
            return tx.closed;
          },
        } satisfies PreparedPgliteTx),
      );
    },
  };
}

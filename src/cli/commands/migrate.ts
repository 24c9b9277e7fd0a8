// `relais migrate`: applies the migrations this build ships to the configured database.
import type { Command } from 'commander';
import { ConfigError, describeTarget, loadConfig, storeTarget } from '../../config.js';
import { SchemaTooNewError, openStore } from '../../store/index.js';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations (PostgreSQL when DATABASE_URL is set, else PGlite in RELAIS_DATA_DIR)')
    .option('--data-dir <dir>', 'PGlite data folder (default $RELAIS_DATA_DIR or ./data)')
    .option('--status', 'only report whether migrations are current')
    .action(async (opts: { dataDir?: string; status?: boolean }) => {
      let config;
      try {
        config = loadConfig(process.env, { dataDir: opts.dataDir });
      } catch (err) {
        if (err instanceof ConfigError) {
          console.error(`relais migrate: ${err.message}`);
          process.exit(2);
        }
        throw err;
      }
      const store = await openStore(storeTarget(config));
      try {
        if (opts.status) {
          const s = await store.migrationStatus();
          console.log(`${describeTarget(config)}: ${s.applied.length} applied, ${s.pending} pending, ${s.unknown} unknown to this build`);
          process.exitCode = s.current ? 0 : 1;
          return;
        }
        const before = await store.migrationStatus();
        const after = await store.migrate();
        console.log(`${describeTarget(config)}: applied ${after.applied.length - before.applied.length} migration(s); schema current (${after.applied.length} total)`);
      } catch (err) {
        if (err instanceof SchemaTooNewError) {
          console.error(`relais migrate: ${err.message}`);
          process.exitCode = 1;
          return;
        }
        throw err;
      } finally {
        await store.close();
      }
    });
}

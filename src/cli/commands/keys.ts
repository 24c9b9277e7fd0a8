// `relais keys create --role R [--subject ID]`: prints a new API key (shown once; stored hashed).
// The key alone goes to stdout so scripts can capture it: KEY=$(relais keys create --role operator)
import type { Command } from 'commander';
import { ConfigError, loadConfig, storeTarget } from '../../config.js';
import { ROLES, type Role } from '../../domain/actor.js';
import { createApiKey } from '../../domain/api-keys.js';
import { createDomainContext } from '../../domain/context.js';
import { DomainError } from '../../domain/errors.js';
import { SchemaTooNewError, openStore } from '../../store/index.js';

export function register(program: Command): void {
  const keys = program.command('keys').description('manage API keys');
  keys
    .command('create')
    .description('create an API key and print it (it cannot be shown again)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--subject <id>', 'customer (cus_…), supplier (sup_…) or vehicle (veh_…) the key acts for')
    .option('--label <text>', 'a note to recognise the key by')
    .option('--data-dir <dir>', 'PGlite data folder (default $RELAIS_DATA_DIR or ./data)')
    .action(async (opts: { role: string; subject?: string; label?: string; dataDir?: string }) => {
      if (!(ROLES as readonly string[]).includes(opts.role)) {
        console.error(`relais keys create: --role must be one of ${ROLES.join(', ')}, got "${opts.role}"`);
        process.exit(2);
      }
      let config;
      try {
        config = loadConfig(process.env, { dataDir: opts.dataDir });
      } catch (err) {
        if (err instanceof ConfigError) {
          console.error(`relais keys create: ${err.message}`);
          process.exit(2);
        }
        throw err;
      }
      const store = await openStore(storeTarget(config));
      try {
        await store.migrate();
        const created = await createApiKey(createDomainContext(store), {
          role: opts.role as Role,
          subjectId: opts.subject ?? null,
          label: opts.label ?? null,
        });
        console.error(`created ${created.role} key ${created.id}${created.subjectId ? ` for ${created.subjectId}` : ''}; store it now, it is not shown again:`);
        console.log(created.key);
      } catch (err) {
        if (err instanceof DomainError || err instanceof SchemaTooNewError) {
          console.error(`relais keys create: ${err.message}`);
          process.exitCode = err instanceof DomainError ? 2 : 1;
          return;
        }
        throw err;
      } finally {
        await store.close();
      }
    });
}

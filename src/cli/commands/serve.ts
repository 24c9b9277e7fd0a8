// `relais serve [--demo] [--port N] [--host H]`: runs the HTTP API. Applies pending migrations,
// refuses a database whose schema is newer than this build, seeds the demo city with --demo,
// and shuts down gracefully on SIGINT/SIGTERM.
import type { Command } from 'commander';
import { buildApp } from '../../api/app.js';
import { ConfigError, describeTarget, loadConfig, storeTarget } from '../../config.js';
import { createDomainContext } from '../../domain/context.js';
import { seedDemoCity } from '../../demo/seed.js';
import { startServiceJobs } from '../../jobs/service.js';
import { SchemaTooNewError, openStore } from '../../store/index.js';
import { liveSpeed, prepareLiveSimulation, type LiveSimulation } from '../../sim/live.js';

interface ServeOptions {
  demo?: boolean;
  port?: string;
  host?: string;
  dataDir?: string;
  simulate?: string | boolean;
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP API (default http://127.0.0.1:8080; PostgreSQL when DATABASE_URL is set, else PGlite)')
    .option('--demo', 'seed the demo city if the database is empty and print the demo keys')
    .option('--port <n>', 'port to listen on (default $PORT or 8080; 0 = any free port)')
    .option('--host <h>', 'interface to bind (default $HOST or 127.0.0.1)')
    .option('--data-dir <dir>', 'PGlite data folder (default $RELAIS_DATA_DIR or ./data)')
    .option('--simulate [speed]', 'with --demo: play the demo city live, the server in simulated time (simulated seconds per second, default 60)')
    .action(async (opts: ServeOptions) => {
      let config;
      try {
        config = loadConfig(process.env, { port: opts.port, host: opts.host, dataDir: opts.dataDir });
      } catch (err) {
        if (err instanceof ConfigError) {
          console.error(`relais serve: ${err.message}`);
          process.exit(2);
        }
        throw err;
      }
      let live: LiveSimulation | null = null;
      try {
        if (opts.simulate !== undefined && !opts.demo) throw new Error('--simulate plays the demo city: use it with --demo');
        if (opts.simulate !== undefined) live = prepareLiveSimulation(liveSpeed(opts.simulate));
      } catch (err) {
        console.error(`relais serve: ${(err as Error).message}`);
        process.exit(2);
      }
      const store = await openStore(storeTarget(config));
      try {
        await store.migrate();
      } catch (err) {
        await store.close();
        if (err instanceof SchemaTooNewError) {
          console.error(`relais serve: refusing to start: ${err.message}`);
          process.exit(1);
        }
        throw err;
      }
      const ctx = createDomainContext(store, live ? { nowMs: live.clock.nowMs } : {});
      if (opts.demo) {
        const demo = await seedDemoCity(ctx);
        console.log(demo.seeded ? 'demo city seeded (Lyon: 3 hubs, 21 products, 50 customers, 15 vehicles)' : 'demo: database already has data, not seeding');
        console.log(`demo operator key: ${demo.operatorKey}`);
        if (demo.customerId) console.log(`demo customer key: ${demo.customerKey} (customer ${demo.customerId})`);
      }
      const jobs = await startServiceJobs(ctx, process.env).catch((err: Error) => {
        console.error(`relais serve: ${err.message}`);
        process.exit(2);
      });
      const app = await buildApp({ ctx, logLevel: config.logLevel });
      try {
        await app.listen({ port: config.port, host: config.host });
      } catch (err) {
        await app.close();
        await store.close();
        console.error(`relais serve: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`);
        process.exit(1);
      }
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      console.log(`relais listening on http://${config.host}:${port} (${describeTarget(config)}); API docs at /docs; ${jobs.describe}`);
      // Clickable links: a wildcard bind is reached through loopback; IPv6 hosts need brackets.
      const linkHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host;
      console.log(`console: http://${linkHost}:${port}/console`);
      console.log(`API docs: http://${linkHost}:${port}/docs`);
      if (live) {
        console.log(`live simulation of the demo city at ${live.speed}× from ${new Date(live.startS * 1000).toISOString()} (the server runs in simulated time)`);
        live.start(ctx, (line) => console.log(line));
      }

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`${signal}: finishing in-flight requests and closing`);
        const force = setTimeout(() => process.exit(1), 10_000).unref();
        try {
          await live?.stop();
          await app.close();
          await jobs.stop();
          await store.close();
        } finally {
          clearTimeout(force);
          process.exit(0);
        }
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}

// One configuration object, read once from the environment and command-line flags (flags win),
// validated at start. Every option has a default that works on a laptop.
import { resolve } from 'node:path';
import { trackingSecretProblem } from './api/tracking-token.js';
import type { StoreTarget } from './store/index.js';

export interface Config {
  /** PostgreSQL URL; when unset the embedded PGlite database in `dataDir` is used. */
  databaseUrl: string | null;
  dataDir: string;
  port: number;
  host: string;
  /** For the jobs layer (BullMQ); unset = in-process workers. */
  redisUrl: string | null;
  /** PostgreSQL pool size (connections per process). */
  dbPoolSize: number;
  logLevel: string;
}

export interface ConfigFlags {
  port?: string | number;
  host?: string;
  dataDir?: string;
  databaseUrl?: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: ConfigFlags = {}): Config {
  const port = parsePort(flags.port ?? env.PORT ?? 8080);
  const poolSize = Number(env.RELAIS_DB_POOL ?? 16);
  if (!Number.isInteger(poolSize) || poolSize < 1) throw new ConfigError(`RELAIS_DB_POOL must be a positive integer, got ${env.RELAIS_DB_POOL}`);
  const databaseUrl = (flags.databaseUrl ?? env.DATABASE_URL ?? '').trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`DATABASE_URL must be a postgres:// URL, got ${databaseUrl.replace(/\/\/[^@]*@/, '//…@')}`);
  }
  const secretProblem = trackingSecretProblem(env);
  if (secretProblem) throw new ConfigError(secretProblem);
  return {
    databaseUrl,
    dataDir: resolve(flags.dataDir ?? env.RELAIS_DATA_DIR ?? './data'),
    port,
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    redisUrl: (env.REDIS_URL ?? '').trim() || null,
    dbPoolSize: poolSize,
    logLevel: env.RELAIS_LOG_LEVEL ?? 'warn',
  };
}

function parsePort(v: string | number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`port must be an integer 0..65535, got ${v}`);
  return n;
}

/** Which database the config points at. */
export function storeTarget(c: Config): StoreTarget {
  return c.databaseUrl ? { kind: 'postgres', url: c.databaseUrl, poolSize: c.dbPoolSize } : { kind: 'pglite', dataDir: c.dataDir };
}

/** Human description without credentials. */
export function describeTarget(c: Config): string {
  return c.databaseUrl ? `PostgreSQL ${c.databaseUrl.replace(/\/\/[^@]*@/, '//')}` : `PGlite in ${c.dataDir}`;
}

// Order-intake benchmark: autocannon against a real `relais serve` child process on PostgreSQL
// (a fresh database), and beside it, in the same run, a raw `pg` loop issuing the same
// transaction (same statements, same round trips) straight to the database. Prints
// throughput and p50/p99 latency for both and the ratio API / raw.
// API and raw rounds alternate (default 3 rounds of 10 s each) and medians are reported, so
// both paths see the same background load on a shared machine.
//   npm run bench:api -- [--rounds N] [--duration S] [--connections N] [--warmup S] [--quick] [--csv FILE]
// Needs PostgreSQL at BENCH_DATABASE_URL or TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { IdGenerator } from '../src/domain/ids.js';
import { requestHash } from '../src/domain/idempotency.js';
import { DEMO_OPERATOR_KEY } from '../src/demo/seed.js';
import { defaultCsvPath, writeCsv } from './lib/csv.js';
import { formatTable } from './lib/table.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url)); // dist/bench → repo root
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SKU = 'TEA-100';

interface Args {
  rounds: number;
  duration: number;
  connections: number;
  warmup: number;
  csv: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { rounds: 3, duration: 10, connections: 32, warmup: 3, csv: defaultCsvPath('api') };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i]!;
    const v = () => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${f} needs a value`);
      return x;
    };
    if (f === '--duration') a.duration = Number(v());
    else if (f === '--connections') a.connections = Number(v());
    else if (f === '--warmup') a.warmup = Number(v());
    else if (f === '--csv') a.csv = v();
    else if (f === '--rounds') a.rounds = Number(v());
    else if (f === '--quick') Object.assign(a, { rounds: 1, duration: 3, warmup: 1 });
    else throw new Error(`unknown option ${f} (use --rounds N, --duration S, --connections N, --warmup S, --quick, --csv FILE)`);
  }
  if (!(a.duration > 0) || !Number.isInteger(a.connections) || a.connections < 1 || !Number.isInteger(a.rounds) || a.rounds < 1) {
    throw new Error('--duration must be > 0, --connections and --rounds positive integers');
  }
  return a;
}

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, [`${ROOT}bin/relais.js`, 'serve', '--demo', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, RELAIS_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
  return { child, baseUrl };
}

interface Target {
  customerId: string;
  addressId: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * The intake transaction, statement for statement what the API does for a one-line order:
 * BEGIN, claim key, joined read + hubs, one CTE insert, guarded reserve, store answer, COMMIT (8).
 */
async function rawOrder(client: pg.PoolClient, ids: IdGenerator, t: Target, productId: string, key: string, window: { start: number; end: number }): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const body = { customerId: t.customerId, addressId: t.addressId, lines: [{ sku: SKU, quantity: 1 }], window };
  await client.query('BEGIN');
  try {
    const claim = await client.query(
      'insert into idempotency_keys (scope, key, request_hash, created_at) values ($1, $2, $3, $4) on conflict do nothing returning key',
      ['raw', key, requestHash(body), now],
    );
    if (claim.rowCount !== 1) throw new Error('duplicate key');
    // One joined read (address + products + their stock) and the hubs, queued together on the
    // connection as the API does (Promise.all on one transaction client).
    const [snap, hubs] = await Promise.all([
      client.query(
        `select a.lon as a_lon, a.lat as a_lat, a.customer_id, p.*, s.hub_id, s.on_hand, s.reserved
           from addresses a left join products p on p.sku = any($2) left join stock s on s.product_id = p.id
          where a.id = $1`,
        [t.addressId, [SKU]],
      ),
      client.query('select * from hubs order by id'),
    ]);
    const lon = snap.rows[0].a_lon as number;
    const lat = snap.rows[0].a_lat as number;
    const hub = hubs.rows
      .map((h) => ({ id: h.id as string, d: Math.hypot(h.lon - lon, h.lat - lat) }))
      .sort((a, b) => a.d - b.d)[0]!.id;
    const id = ids.next('ord');
    // Order, line, two events and the outbox entry in one statement (data-modifying CTEs), as the API.
    await client.query(
      `with ins_order as (insert into orders (id, customer_id, address_id, hub_id, state, window_start, window_end, total_minor, currency, weight_g, created_at, updated_at, delivery_mode, quote_id)
                          values ($1,$2,$3,$4,'allocated',$5,$6,650,'EUR',130,$7,$7,'van',null)),
            ins_lines as (insert into order_lines (order_id, line_no, product_id, sku, quantity, unit_price_minor) values ($1,1,$8,$9,1,650)),
            ins_events as (insert into order_events (id, order_id, from_state, to_state, actor, reason, at)
                           values ($10,$1,null,'placed','bench',null,$7), ($11,$1,'placed','allocated','bench',$12,$7)),
            ins_outbox as (insert into outbox (id, type, aggregate_type, aggregate_id, payload, created_at) values ($13,'order.allocated','order',$1,$14,$7))
       select 1`,
      [id, t.customerId, t.addressId, hub, window.start, window.end, now, productId, SKU, ids.next('evt'), ids.next('evt'), `hub ${hub}`, ids.next('obx'),
        JSON.stringify({ orderId: id, customerId: t.customerId, hubId: hub, state: 'allocated', previousState: null, at: now })],
    );
    // The guarded reservation comes last, as in the API: the stock row lock is held only until COMMIT.
    const res = await client.query(
      'update stock set reserved = reserved + $3, updated_at = $4 where hub_id = $1 and product_id = $2 and on_hand - reserved >= $3 returning hub_id',
      [hub, productId, 1, now],
    );
    if (res.rowCount !== 1) throw new Error('stock');
    await client.query('update idempotency_keys set status_code = 201, response = $3 where scope = $1 and key = $2', ['raw', key, JSON.stringify({ id })]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

async function rawLoop(databaseUrl: string, targets: Target[], productId: string, seconds: number, concurrency: number, poolSize: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const ids = new IdGenerator();
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const startIso = Math.floor(Date.now() / 1000) + 3600;
  const window = { start: startIso, end: startIso + 7200 };
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const i = n++;
      const t0 = performance.now();
      const client = await pool.connect();
      try {
        await rawOrder(client, ids, targets[i % targets.length]!, productId, `raw-${i}-${randomBytes(4).toString('hex')}`, window);
        latencies.push(performance.now() - t0);
      } catch {
        errors++;
      } finally {
        client.release();
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  await pool.end();
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), ok: latencies.length, errors };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  try {
    await admin('select 1');
  } catch (err) {
    console.error(`bench:api needs PostgreSQL: cannot reach ${ADMIN_URL.replace(/\/\/[^@]*@/, '//')}: ${(err as Error).message}`);
    return 1;
  }
  const dbName = `relais_b_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const databaseUrl = dbUrl(dbName);
  let server: { child: ChildProcess; baseUrl: string } | null = null;
  try {
    server = await startServer(databaseUrl);
    const auth = { authorization: `Bearer ${DEMO_OPERATOR_KEY}`, 'content-type': 'application/json' };
    const getJson = async (path: string) => (await fetch(`${server!.baseUrl}${path}`, { headers: auth })).json() as Promise<any>;
    const hubs: Array<{ id: string }> = (await getJson('/v1/hubs')).data;
    for (const h of hubs) {
      const r = await fetch(`${server.baseUrl}/v1/hubs/${h.id}/stock/adjustments`, { method: 'POST', headers: auth, body: JSON.stringify({ sku: SKU, delta: 1_000_000, reason: 'bench' }) });
      if (r.status !== 200) throw new Error(`stock top-up failed: ${r.status} ${await r.text()}`);
    }
    const customers: Array<{ id: string }> = (await getJson('/v1/customers?limit=200')).data;
    const targets: Target[] = [];
    for (const c of customers) targets.push({ customerId: c.id, addressId: (await getJson(`/v1/customers/${c.id}/addresses`)).data[0].id });
    const productId: string = (await getJson('/v1/products?limit=200')).data.find((p: { sku: string }) => p.sku === SKU).id;
    const windowStart = new Date(Date.now() + 3600e3).toISOString().replace('.000Z', 'Z');
    const windowEnd = new Date(Date.now() + 3 * 3600e3).toISOString().replace('.000Z', 'Z');

    let seq = 0;
    const cannon = (seconds: number) =>
      autocannon({
        url: server!.baseUrl,
        connections: args.connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/v1/orders',
            setupRequest: (req: any) => {
              const i = seq++;
              const t = targets[i % targets.length]!;
              return {
                ...req,
                headers: { ...auth, 'idempotency-key': `bench-${i}` },
                body: JSON.stringify({ customerId: t.customerId, addressId: t.addressId, lines: [{ sku: SKU, quantity: 1 }], window: { start: windowStart, end: windowEnd } }),
              };
            },
          },
        ],
      });

    const poolSize = Number(process.env.RELAIS_DB_POOL ?? 16);
    console.log(`bench:api — PostgreSQL ${dbName}, ${args.connections} connections, ${args.duration} s (+${args.warmup} s warm-up), server pool ${poolSize}, ${targets.length} customers`);
    console.log('note: timings on a shared machine are noisy; compare the two rows of one run.');
    await cannon(args.warmup);
    // Alternate API and raw rounds so that both see the same background load; report medians.
    const rounds: Array<{ api: { rps: number; p50: number; p99: number; ok: number; errors: number }; raw: Awaited<ReturnType<typeof rawLoop>> }> = [];
    for (let r = 0; r < args.rounds; r++) {
      const a = await cannon(args.duration);
      const api = { rps: a['2xx'] / (a.duration || args.duration), p50: a.latency.p50, p99: a.latency.p99, ok: a['2xx'], errors: a.non2xx + a.errors };
      const raw = await rawLoop(databaseUrl, targets, productId, args.duration, args.connections, poolSize);
      rounds.push({ api, raw });
      console.log(`round ${r + 1}/${args.rounds}: API ${api.rps.toFixed(0)}/s p99 ${api.p99.toFixed(0)} ms | raw ${raw.rps.toFixed(0)}/s p99 ${raw.p99.toFixed(0)} ms | ratio ${((api.rps / raw.rps) * 100).toFixed(0)} %`);
    }
    const med = (xs: number[]) => {
      const s = [...xs].sort((x, y) => x - y);
      return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    const m = (pick: (x: (typeof rounds)[number]) => number) => med(rounds.map(pick));
    const apiErrors = rounds.reduce((n, x) => n + x.api.errors, 0);
    const rawErrors = rounds.reduce((n, x) => n + x.raw.errors, 0);
    const rows = [
      ['API (relais serve)', m((x) => x.api.rps).toFixed(0), m((x) => x.api.p50).toFixed(1), m((x) => x.api.p99).toFixed(1), String(rounds.reduce((n, x) => n + x.api.ok, 0)), String(apiErrors)],
      ['raw pg, same tx', m((x) => x.raw.rps).toFixed(0), m((x) => x.raw.p50).toFixed(1), m((x) => x.raw.p99).toFixed(1), String(rounds.reduce((n, x) => n + x.raw.ok, 0)), String(rawErrors)],
    ];
    console.log(`medians over ${args.rounds} round(s):`);
    console.log(formatTable(['path', 'orders/s', 'p50 ms', 'p99 ms', 'ok', 'errors'], rows));
    console.log(`API / raw throughput (median of per-round ratios): ${(m((x) => x.api.rps / x.raw.rps) * 100).toFixed(0)} %`);
    const met = m((x) => x.api.rps) >= 1000 && m((x) => x.api.p99) <= 50;
    console.log(`target (≥ 1000 orders/s at p99 ≤ 50 ms): ${met ? 'met' : 'NOT met'} in this run`);
    writeCsv(
      args.csv,
      ['round', 'path', 'orders_per_s', 'p50_ms', 'p99_ms', 'ok', 'errors', 'connections', 'duration_s'],
      rounds.flatMap((x, i) => [
        [i + 1, 'api', x.api.rps.toFixed(1), x.api.p50, x.api.p99, x.api.ok, x.api.errors, args.connections, args.duration],
        [i + 1, 'raw_pg', x.raw.rps.toFixed(1), x.raw.p50.toFixed(2), x.raw.p99.toFixed(2), x.raw.ok, x.raw.errors, args.connections, args.duration],
      ]),
    );
    console.log(`csv: ${args.csv}`);
    return apiErrors > 0 ? 1 : 0;
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await new Promise((r) => server!.child.once('exit', r));
    }
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);

// Webhook pipeline benchmark: N committed outbox events → relay (fan-out to one subscription) →
// signed HTTP deliveries to a local receiver on 127.0.0.1, on PGlite (in memory) and on
// PostgreSQL (a fresh database, when reachable). The receiver (a child process) checks every signature and
// counts distinct event ids, so a run only counts if every event arrived exactly once, verified.
// Prints the median of the repetitions and writes CSV.
//   npm run bench:webhooks -- [--events N] [--reps R] [--concurrency C] [--csv FILE]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { WebhookDispatcher } from '../src/api/webhook-dispatcher.js';
import { SYSTEM_ACTOR } from '../src/domain/actor.js';
import { createDomainContext } from '../src/domain/context.js';
import { relayOutboxBatch } from '../src/domain/outbox-relay.js';
import { createSubscription } from '../src/domain/webhooks.js';
import { openStore, type StoreTarget } from '../src/store/index.js';
import { defaultCsvPath, writeCsv } from './lib/csv.js';
import { formatTable } from './lib/table.js';

process.env.RELAIS_ALLOW_PRIVATE_WEBHOOKS ??= '1'; // the receiver listens on 127.0.0.1 (url guard)
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function parseArgs(argv: string[]) {
  const a = { events: 1000, reps: 3, concurrency: 8, csv: defaultCsvPath('webhooks') };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i]!;
    const v = argv[++i];
    if (v === undefined) throw new Error(`${f} needs a value`);
    if (f === '--events') a.events = Number(v);
    else if (f === '--reps') a.reps = Number(v);
    else if (f === '--concurrency') a.concurrency = Number(v);
    else if (f === '--csv') a.csv = v;
    else throw new Error(`unknown option ${f}`);
  }
  return a;
}

// The receiver runs in its own process (so its HTTP work does not share the dispatcher's thread):
// it verifies each signature and counts distinct event ids; GET /stats reports them.
const RECEIVER_SOURCE = `
const { createServer } = require('node:http');
const { createHmac } = require('node:crypto');
const secret = process.env.WH_SECRET;
const seen = new Set(); let bad = 0;
const server = createServer((req, res) => {
  if (req.method === 'GET') return res.end(JSON.stringify({ seen: seen.size, bad }));
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const parts = Object.fromEntries(String(req.headers['relais-signature']).split(',').map((p) => p.split('=')));
    const expected = createHmac('sha256', secret).update(parts.t + '.' + body).digest('hex');
    if (expected !== parts.v1) bad++; else seen.add(JSON.parse(body).id);
    res.writeHead(204).end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function receiver(secret: string) {
  const child = spawn(process.execPath, ['-e', RECEIVER_SOURCE], { env: { ...process.env, WH_SECRET: secret }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`receiver exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/hook`,
    stats: async () => (await (await fetch(`${base}/stats`)).json()) as { seen: number; bad: number },
    close: async () => {
      child.kill();
    },
  };
}

async function pgTarget(): Promise<{ target: StoreTarget; drop: () => Promise<void> } | null> {
  const admin = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const name = `relais_bench_wh_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return {
    target: { kind: 'postgres', url: u.toString(), poolSize: 16 },
    drop: async () => {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function runOnce(target: StoreTarget, events: number, concurrency: number) {
  const store = await openStore(target);
  await store.migrate();
  const ctx = createDomainContext(store);
  const sub = await createSubscription(ctx, SYSTEM_ACTOR, { url: 'http://127.0.0.1:9/placeholder', eventTypes: ['order.*'] });
  const rx = await receiver(sub.secret);
  try {
    await store.repos.webhooks.updateSubscription(sub.id, { url: rx.url });
    const now = Math.floor(Date.now() / 1000);
    await store.transaction(async (tx) => {
      for (let i = 0; i < events; i += 500) {
        await tx.outbox.append(
          Array.from({ length: Math.min(500, events - i) }, (_, k) => ({
            id: ctx.ids.next('obx'), type: 'order.allocated', aggregateType: 'order', aggregateId: `ord_${i + k}`,
            payload: { orderId: `ord_${i + k}`, customerId: 'cus_bench', state: 'allocated' }, createdAt: now,
          })),
        );
      }
    });
    const t0 = performance.now();
    while ((await relayOutboxBatch(ctx, 200)).events > 0);
    const t1 = performance.now();
    const d = new WebhookDispatcher(ctx, { concurrency, batchSize: 200, sweepEveryS: 1e9 });
    while ((await d.tick()).attempted > 0);
    const t2 = performance.now();
    const stats = await rx.stats();
    if (stats.seen !== events || stats.bad > 0) throw new Error(`receiver saw ${stats.seen}/${events} events, ${stats.bad} bad signatures`);
    return { relayMs: t1 - t0, deliverMs: t2 - t1 };
  } finally {
    await rx.close();
    await store.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const rows: string[][] = [];
  const csv: Array<Array<string | number>> = [];
  const backends: Array<{ name: string; make: () => Promise<{ target: StoreTarget; drop: () => Promise<void> } | null> }> = [
    { name: 'pglite', make: async () => ({ target: { kind: 'pglite', dataDir: null }, drop: async () => {} }) },
    { name: 'postgres', make: pgTarget },
  ];
  for (const b of backends) {
    const relay: number[] = [];
    const deliver: number[] = [];
    let skipped = false;
    for (let r = 0; r < args.reps; r++) {
      const t = await b.make();
      if (!t) {
        console.warn(`${b.name}: skipped (cannot reach ${ADMIN_URL.replace(/\/\/[^@]*@/, '//')})`);
        skipped = true;
        break;
      }
      try {
        const res = await runOnce(t.target, args.events, args.concurrency);
        relay.push(res.relayMs);
        deliver.push(res.deliverMs);
      } finally {
        await t.drop();
      }
    }
    if (skipped) continue;
    const rm = median(relay);
    const dm = median(deliver);
    rows.push([b.name, String(args.events), String(args.concurrency), rm.toFixed(0), ((args.events / rm) * 1000).toFixed(0), dm.toFixed(0), ((args.events / dm) * 1000).toFixed(0)]);
    csv.push([b.name, args.events, args.concurrency, args.reps, Math.round(rm), Math.round(dm), ...relay.map(Math.round), ...deliver.map(Math.round)]);
  }
  console.log(`webhook pipeline, median of ${args.reps} runs (every event verified once at the receiver)`);
  console.log(formatTable(['backend', 'events', 'conc.', 'relay ms', 'relay ev/s', 'deliver ms', 'deliver ev/s'], rows));
  writeCsv(args.csv, ['backend', 'events', 'concurrency', 'reps', 'relay_ms_median', 'deliver_ms_median', 'runs...'], csv);
  console.log(`CSV: ${args.csv}`);
}

main().catch((err) => {
  console.error(`bench:webhooks: ${(err as Error).message}`);
  process.exit(1);
});

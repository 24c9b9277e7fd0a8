// Crash test: a real server process takes a stream of orders and is killed with SIGKILL in the
// middle. After a restart on the same database every order answered 201 is there exactly once,
// still allocated, with its stock reserved; the books balance for the orders whose answer was lost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DEMO_CUSTOMER_KEY, DEMO_OPERATOR_KEY } from '../../src/demo/seed.js';
import { describeBackends } from './harness.js';
import { assertBuilt, startServer } from './server-process.js';

const OP = { authorization: `Bearer ${DEMO_OPERATOR_KEY}`, 'content-type': 'application/json' };
const CUST = { authorization: `Bearer ${DEMO_CUSTOMER_KEY}`, 'content-type': 'application/json' };

async function json(url: string, init: RequestInit = {}) {
  const r = await fetch(url, init);
  return { status: r.status, body: (await r.json()) as any };
}

describeBackends('crash safety (SIGKILL during order intake)', (env) => {
  it('keeps every acknowledged order exactly once with its stock reserved', async () => {
    assertBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'relais-crash-'));
    // PostgreSQL variant: the server uses this suite's fresh database.
    const serverEnv = env().backend === 'postgres' ? { DATABASE_URL: env().databaseUrl! } : { RELAIS_DATA_DIR: dataDir };
    try {
      let srv = await startServer(['--demo'], serverEnv);
      const customerId = /customer (cus_\w+)/.exec(srv.output())![1]!;
      const address = (await json(`${srv.baseUrl}/v1/customers/${customerId}/addresses`, { headers: CUST })).body.data[0].id;
      const hubs = (await json(`${srv.baseUrl}/v1/hubs`, { headers: OP })).body.data.map((h: { id: string }) => h.id);
      for (const h of hubs) {
        const r = await json(`${srv.baseUrl}/v1/hubs/${h}/stock/adjustments`, { method: 'POST', headers: OP, body: JSON.stringify({ sku: 'TEA-100', delta: 100_000, reason: 'crash test' }) });
        expect(r.status).toBe(200);
      }
      const window = { start: new Date(Date.now() + 3600e3).toISOString(), end: new Date(Date.now() + 7200e3).toISOString() };
      const acked = new Map<string, { id: string; quantity: number }>();
      let n = 0;
      let killed = false;
      // Four concurrent streams of orders; SIGKILL once 80 have been acknowledged.
      const stream = async () => {
        while (!killed) {
          const key = `crash-${n++}`;
          const quantity = 1 + (n % 3);
          try {
            const r = await fetch(`${srv.baseUrl}/v1/orders`, {
              method: 'POST',
              headers: { ...CUST, 'idempotency-key': key },
              body: JSON.stringify({ addressId: address, lines: [{ sku: 'TEA-100', quantity }], window }),
            });
            if (r.status === 201) acked.set(key, { id: ((await r.json()) as { id: string }).id, quantity });
            else if (!killed) throw new Error(`unexpected ${r.status}`);
          } catch (err) {
            if (!killed) throw err;
          }
          if (acked.size >= 80 && !killed) {
            killed = true;
            srv.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all([stream(), stream(), stream(), stream()]);
      await srv.exited;
      expect(acked.size).toBeGreaterThanOrEqual(80);

      srv = await startServer([], serverEnv);
      try {
        // Every acknowledged order, exactly once.
        const all: Array<{ id: string; state: string; hubId: string }> = [];
        let cursor: string | null = null;
        do {
          const page: any = (await json(`${srv.baseUrl}/v1/orders?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: OP })).body;
          all.push(...page.data);
          cursor = page.nextCursor;
        } while (cursor);
        const ids = all.map((o) => o.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const { id } of acked.values()) expect(ids).toContain(id);
        expect(all.every((o) => o.state === 'allocated')).toBe(true);
        // The idempotency records survived too: a retry of an acknowledged key returns the same order.
        const [someKey, some] = [...acked.entries()][0]!;
        const retry = await json(`${srv.baseUrl}/v1/orders`, {
          method: 'POST',
          headers: { ...CUST, 'idempotency-key': someKey },
          body: JSON.stringify({ addressId: address, lines: [{ sku: 'TEA-100', quantity: some.quantity }], window }),
        });
        expect(retry.status).toBe(201);
        expect(retry.body.id).toBe(some.id);
        // Stock: reserved per hub = the quantities of the orders that exist (acknowledged or not).
        const reservedByHub = new Map<string, number>();
        for (const o of all) {
          const full = (await json(`${srv.baseUrl}/v1/orders/${o.id}`, { headers: OP })).body;
          reservedByHub.set(o.hubId, (reservedByHub.get(o.hubId) ?? 0) + full.lines[0].quantity);
        }
        let ackedQty = 0;
        for (const a of acked.values()) ackedQty += a.quantity;
        let reservedTotal = 0;
        for (const h of hubs) {
          const stock = (await json(`${srv.baseUrl}/v1/hubs/${h}/stock?limit=200`, { headers: OP })).body.data;
          const tea = stock.find((s: { sku: string }) => s.sku === 'TEA-100');
          expect(tea.reserved).toBe(reservedByHub.get(h) ?? 0);
          reservedTotal += tea.reserved;
        }
        expect(reservedTotal).toBeGreaterThanOrEqual(ackedQty);
      } finally {
        srv.child.kill('SIGTERM');
        await srv.exited;
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});

// The fast intake path (src/domain/order-intake.ts: a cached or read snapshot, then one write)
// declines and leaves the decision to the transactional path whenever its single write cannot
// complete as planned. Each case is made deterministic: a strategy that ranks a hub without the
// stock first (the snapshot-vs-write race), a competitor that claims the same Idempotency-Key
// between the snapshot and the write, and a group-commit transaction that fails as a whole.
import { beforeAll, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/domain/actor.js';
import type { AllocationStrategy } from '../../src/domain/allocation.js';
import type { DomainContext } from '../../src/domain/context.js';
import { placeOrderIdempotent } from '../../src/domain/order-intake.js';
import type { PlaceOrderInput } from '../../src/domain/orders.js';
import type { Store } from '../../src/store/index.js';
import { IntakeStatements } from '../../src/store/intake.js';
import { futureWindow, seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

describeBackends('two-statement intake declines to the transactional path', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });

  const input = (lines: PlaceOrderInput['lines']): PlaceOrderInput => {
    const f = futureWindow();
    return { customerId: w.customers.alice, addressId: w.addresses.aliceHome, lines, windowStart: Date.parse(f.start) / 1000, windowEnd: Date.parse(f.end) / 1000 };
  };
  const northFirst = (): AllocationStrategy => ({ name: 'north-first', rank: () => ({ inArea: [w.hubs.north, w.hubs.south], candidates: [w.hubs.north, w.hubs.south] }) });
  const reserved = async (hubId: string, productId: string) => (await env().store.repos.stock.get(hubId, productId))?.reserved ?? 0;
  const place = (ctx: DomainContext, i: PlaceOrderInput, key?: string) =>
    placeOrderIdempotent(ctx, SYSTEM_ACTOR, i, {}, key ? { scope: 'test', key, hash: `h-${key}` } : undefined, (p) => p);

  /** `store` with its intake write's results recorded (true: written, false: declined). */
  const recording = (store: Store, results: boolean[]): Store => {
    const s = Object.create(store) as Store;
    Object.defineProperty(s, 'intake', {
      value: {
        snapshot: (...a: Parameters<Store['intake']['snapshot']>) => store.intake.snapshot(...a),
        cache: store.intake.cache,
        place: async (...a: Parameters<Store['intake']['place']>) => {
          const r = await store.intake.place(...a);
          results.push(r);
          return r;
        },
      },
    });
    return s;
  };

  it('a line gone at the ranked hub: nothing of the declined write stays, the order goes to the next hub', async () => {
    const { store } = env();
    const writes: boolean[] = [];
    const ctx = { ...env().ctx, store: recording(store, writes) };
    const orders = await store.repos.orders.count();
    const before = { teaNorth: await reserved(w.hubs.north, w.products.tea), teaSouth: await reserved(w.hubs.south, w.products.tea), rareSouth: await reserved(w.hubs.south, w.products.rare) };
    // North has tea but no mug: the single write reserves the tea, misses the mug, and must undo the tea.
    const answer = await place({ ...ctx, allocation: northFirst() }, input([{ sku: 'TEA-100', quantity: 1 }, { sku: 'RARE-1', quantity: 2 }]), 'partial-1');
    expect(answer.status).toBe(201);
    expect(writes).toEqual([false]);
    expect(answer.body.order.hubId).toBe(w.hubs.south);
    expect(await store.repos.orders.count()).toBe(orders + 1);
    expect(await reserved(w.hubs.north, w.products.tea)).toBe(before.teaNorth);
    expect(await reserved(w.hubs.south, w.products.tea)).toBe(before.teaSouth + 1);
    expect(await reserved(w.hubs.south, w.products.rare)).toBe(before.rareSouth + 2);
    const outbox = await store.repos.outbox.forAggregate(answer.body.order.id);
    expect(outbox.map((o) => (o.payload as { hubId: string }).hubId)).toEqual([w.hubs.south]);
    // The key holds the transactional path's answer: a repeat replays it.
    const again = await place(ctx, input([{ sku: 'TEA-100', quantity: 1 }, { sku: 'RARE-1', quantity: 2 }]), 'partial-1');
    expect(again.replayed).toBe(true);
    expect(writes).toEqual([false, false]); // the single write finds the key taken and declines; the transactional path replays
    expect(again.body.order.id).toBe(answer.body.order.id);
    expect(await store.repos.orders.count()).toBe(orders + 1);
  });

  it('the key claimed between the snapshot and the write: the write declines and the first answer is replayed', async () => {
    const { ctx, store } = env();
    const orders = await store.repos.orders.count();
    const teaBefore = await reserved(w.hubs.north, w.products.tea);
    let competitor: Awaited<ReturnType<typeof place>> | undefined;
    // A store whose intake snapshot lets a competing request with the same key complete right after it.
    const racing = Object.create(store) as Store;
    Object.defineProperty(racing, 'intake', {
      value: {
        cache: store.intake.cache,
        snapshot: async (...a: Parameters<Store['intake']['snapshot']>) => {
          const snap = await store.intake.snapshot(...a);
          competitor = await place(ctx, input([{ sku: 'TEA-100', quantity: 1 }]), 'raced-1');
          return snap;
        },
        place: (...a: Parameters<Store['intake']['place']>) => store.intake.place(...a),
      },
    });
    const answer = await place({ ...ctx, store: racing }, input([{ sku: 'TEA-100', quantity: 1 }]), 'raced-1');
    expect(competitor!.replayed).toBe(false);
    expect(answer.replayed).toBe(true);
    expect(answer.body.order.id).toBe(competitor!.body.order.id);
    expect(await store.repos.orders.count()).toBe(orders + 1);
    expect(await reserved(w.hubs.north, w.products.tea)).toBe(teaBefore + 1);
  });

  it('without a key, a write that finds the stock gone writes nothing of its own', async () => {
    const { store } = env();
    const writes: boolean[] = [];
    const ctx = { ...env().ctx, store: recording(store, writes) };
    const orders = await store.repos.orders.count();
    const only: AllocationStrategy = { name: 'north-only', rank: () => ({ inArea: [w.hubs.north], candidates: [w.hubs.north] }) };
    await expect(place({ ...ctx, allocation: only }, input([{ sku: 'RARE-1', quantity: 1 }]))).rejects.toMatchObject({ code: 'stock_insufficient' });
    expect(writes).toEqual([false]);
    expect(await store.repos.orders.count()).toBe(orders);
  });
});

describeBackends('two-statement intake: a batch that fails as a whole', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });

  it('declines every order of the batch, and the transactional path places each one', async () => {
    const { ctx, store } = env();
    const orders = await store.repos.orders.count();
    // A store whose group-commit transaction fails (a deadlock, a lost connection): nothing of it is written.
    const failing = Object.create(store) as Store;
    const failingWrites = new IntakeStatements({
      query: () => Promise.reject(new Error('the group commit runs its statements in its transaction')),
      transaction: async () => {
        throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      },
    });
    Object.defineProperty(failing, 'intake', {
      value: { cache: store.intake.cache, snapshot: (...a: Parameters<Store['intake']['snapshot']>) => store.intake.snapshot(...a), place: (...a: Parameters<Store['intake']['place']>) => failingWrites.place(...a) },
    });
    const f = futureWindow();
    const input: PlaceOrderInput = { customerId: w.customers.alice, addressId: w.addresses.aliceHome, lines: [{ sku: 'TEA-100', quantity: 1 }], windowStart: Date.parse(f.start) / 1000, windowEnd: Date.parse(f.end) / 1000 };
    const answers = await Promise.all(
      Array.from({ length: 3 }, (_, i) => placeOrderIdempotent({ ...ctx, store: failing }, SYSTEM_ACTOR, input, {}, { scope: 'test', key: `failed-batch-${i}`, hash: 'h' }, (p) => p)),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.order.id)).size).toBe(3);
    expect(await store.repos.orders.count()).toBe(orders + 3);
  });
  it('fails the requests, and retries nothing, when COMMIT itself fails (the batch may have been written)', async () => {
    const { ctx, store } = env();
    const orders = await store.repos.orders.count();
    const lostCommit = new IntakeStatements({
      query: () => Promise.reject(new Error('the group commit runs its statements in its transaction')),
      transaction: async (fn) => {
        await fn(async <R,>() => [{ ok: true, current: true, claimed: true, reservedIds: [], reservedQty: [], version: 0 }] as R[]);
        throw new Error('connection lost during COMMIT');
      },
    });
    const failing = Object.create(store) as Store;
    Object.defineProperty(failing, 'intake', {
      value: { cache: store.intake.cache, snapshot: (...a: Parameters<Store['intake']['snapshot']>) => store.intake.snapshot(...a), place: (...a: Parameters<Store['intake']['place']>) => lostCommit.place(...a) },
    });
    const f = futureWindow();
    const input: PlaceOrderInput = { customerId: w.customers.alice, addressId: w.addresses.aliceHome, lines: [{ sku: 'TEA-100', quantity: 1 }], windowStart: Date.parse(f.start) / 1000, windowEnd: Date.parse(f.end) / 1000 };
    await expect(placeOrderIdempotent({ ...ctx, store: failing }, SYSTEM_ACTOR, input, {}, undefined, (p) => p)).rejects.toThrow('connection lost during COMMIT');
    expect(await store.repos.orders.count()).toBe(orders);
  });
});

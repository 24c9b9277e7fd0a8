// The SSE outbox tail waits at a gap in the sequence (a transaction that has not committed yet)
// and skips it only once it is older than the wait, so no committed event is jumped over.
import { afterEach, expect, it, vi } from 'vitest';
import { OutboxTail } from '../../src/api/sse-tail.js';
import type { DomainContext } from '../../src/domain/context.js';
import type { OutboxRow } from '../../src/store/index.js';

const row = (seq: number): OutboxRow => ({ seq, id: `obx_${seq}`, type: 't', aggregateType: 'a', aggregateId: 'x', payload: {}, createdAt: 0, publishedAt: null });

function fakeCtx(visible: number[]) {
  return {
    store: {
      repos: {
        webhooks: {
          lastOutboxSeq: async () => 10,
          outboxAfter: async (after: number) => visible.filter((s) => s > after).sort((a, b) => a - b).map(row),
        },
      },
    },
  } as unknown as DomainContext;
}

afterEach(() => vi.useRealTimers());

it('hands out rows in order, holds back at a gap, and skips a gap older than the wait', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  const visible = [11, 13];
  const tail = new OutboxTail(fakeCtx(visible), 1_000_000, 2000);
  const got: number[] = [];
  const unsubscribe = await tail.subscribe((rows) => got.push(...rows.map((r) => r.seq)));
  await tail.poll();
  expect(got).toEqual([11]); // 12 is missing: wait
  visible.push(12); // the slow transaction commits
  await tail.poll();
  expect(got).toEqual([11, 12, 13]);
  visible.push(15);
  await tail.poll();
  expect(got).toEqual([11, 12, 13]);
  vi.advanceTimersByTime(1500);
  await tail.poll();
  expect(got).toEqual([11, 12, 13]);
  vi.advanceTimersByTime(600); // 14 never came (rolled back): give up on it
  await tail.poll();
  expect(got).toEqual([11, 12, 13, 15]);
  unsubscribe();
  tail.close();
});

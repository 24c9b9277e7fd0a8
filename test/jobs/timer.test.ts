// The dispatch timer (one round per hub per tick, failures logged, not thrown) and the service
// start-up's validation of its environment.
import { expect, it } from 'vitest';
import type { DomainContext } from '../../src/domain/context.js';
import { startDispatchTimer } from '../../src/jobs/dispatch-timer.js';
import { startServiceJobs } from '../../src/jobs/service.js';
import type { Jobs } from '../../src/jobs/types.js';

const fakeCtx = (hubIds: string[]) => ({ store: { repos: { hubs: { all: async () => hubIds.map((id) => ({ id })) } } } }) as unknown as DomainContext;

function fakeJobs(calls: string[]): Jobs {
  return {
    kind: 'local',
    solve: () => Promise.reject(new Error('unused')),
    dispatch: async (hubId) => {
      calls.push(hubId);
      if (hubId === 'hub_b') throw new Error('no vehicles');
      return {};
    },
    close: async () => {},
  };
}

it('runs a round per hub on every tick and logs failures without stopping', async () => {
  const calls: string[] = [];
  const logs: string[] = [];
  const timer = startDispatchTimer(fakeCtx(['hub_a', 'hub_b']), fakeJobs(calls), 0.05, (m) => logs.push(m));
  await new Promise((r) => setTimeout(r, 180));
  await timer.stop();
  const ticks = calls.filter((c) => c === 'hub_a').length;
  expect(ticks).toBeGreaterThanOrEqual(2);
  expect(calls.filter((c) => c === 'hub_b').length).toBe(ticks);
  expect(logs[0]).toBe('dispatch round for hub_b failed: no vehicles');
  const after = calls.length;
  await new Promise((r) => setTimeout(r, 100));
  expect(calls.length).toBe(after); // stopped
  expect(await timer.sweep()).toEqual([{ hubId: 'hub_a', ok: true }, { hubId: 'hub_b', ok: false, error: 'no vehicles' }]);
});

it('refuses a non-positive interval, and the service start refuses bad settings by name', async () => {
  expect(() => startDispatchTimer(fakeCtx([]), fakeJobs([]), 0)).toThrow(/interval/);
  await expect(startServiceJobs(fakeCtx([]), { RELAIS_DISPATCH_INTERVAL_S: 'soon' })).rejects.toThrow(/RELAIS_DISPATCH_INTERVAL_S/);
  await expect(startServiceJobs(fakeCtx([]), { RELAIS_VAN_SPEED_MPS: '-3' })).rejects.toThrow(/RELAIS_VAN_SPEED_MPS/);
  const ok = await startServiceJobs(fakeCtx([]), { RELAIS_DISPATCH_INTERVAL_S: '30' });
  expect(ok.describe).toBe('jobs in-process; dispatch timer every 30 s');
  await ok.stop();
});

// The reference cache answers reads outside transactions and follows the repositories' own writes
// exactly: at once outside a transaction, at COMMIT inside one, never a rolled-back write.
import { expect, it } from 'vitest';
import { ReferenceCache } from '../../src/store/reference-cache.js';
import type { VehicleRow } from '../../src/store/index.js';
import { describeBackends } from '../service/harness.js';

const van = (id: string, hubId: string): VehicleRow => ({
  id, hubId, kind: 'van', name: id, capacityG: 500_000, capacityVolumeCm3: 1_000_000, maxParcels: 40, speedMps: 8, rangeM: 150_000, batteryWh: 60_000,
  costPerKmMinor: 20, costPerHourMinor: 1500, status: 'idle', lastLon: null, lastLat: null, batteryPct: 100, lastSeenAt: null, createdAt: 0,
}) as VehicleRow;

describeBackends('reference cache', (env) => {
  it('serves hubs and vehicles without re-reading, and follows writes made outside and inside transactions', async () => {
    const { store } = env();
    await store.repos.hubs.insert({ id: 'hub_c1', name: 'c1', lon: 4.85, lat: 45.76, serviceRadiusM: 5000, openingHours: [], launchPads: 2, chargers: 2, createdAt: 0 });
    await store.repos.vehicles.insert(van('veh_c1', 'hub_c1'));
    await store.repos.vehicles.insert(van('veh_c2', 'hub_c1'));
    expect((await store.repos.hubs.all()).map((h) => h.id)).toContain('hub_c1');
    expect((await store.repos.vehicles.forHub('hub_c1')).map((v) => v.id)).toEqual(['veh_c1', 'veh_c2']);

    // Outside a transaction: the cached row follows at once.
    await store.repos.fleet.updateVehicle('veh_c1', { batteryPct: 55, status: 'en_route' });
    expect(await store.repos.vehicles.get('veh_c1')).toMatchObject({ batteryPct: 55, status: 'en_route' });

    // Inside one: not before COMMIT (other readers see the committed row), then the new one.
    await store.transaction(async (tx) => {
      await tx.fleet.updateVehicle('veh_c1', { batteryPct: 40 });
      expect((await store.repos.vehicles.get('veh_c1'))!.batteryPct).toBe(55);
      expect((await tx.vehicles.get('veh_c1'))!.batteryPct).toBe(40);
    });
    expect((await store.repos.vehicles.get('veh_c1'))!.batteryPct).toBe(40);

    // A rolled-back write never shows, and the database agrees.
    await expect(
      store.transaction(async (tx) => {
        await tx.fleet.updateVehicle('veh_c1', { batteryPct: 5 });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect((await store.repos.vehicles.get('veh_c1'))!.batteryPct).toBe(40);
    const fromDb = await store.transaction((tx) => tx.vehicles.get('veh_c1'));
    expect(fromDb!.batteryPct).toBe(40);

    // A savepoint that rolls back inside a committed transaction leaves no trace either.
    await store.transaction(async (tx) => {
      await tx.fleet.updateVehicle('veh_c2', { batteryPct: 70 });
      await expect(tx.savepoint(async (sp) => {
        await sp.fleet.updateVehicle('veh_c2', { batteryPct: 1 });
        throw new Error('undo');
      })).rejects.toThrow('undo');
    });
    expect((await store.repos.vehicles.get('veh_c2'))!.batteryPct).toBe(70);

    // New rows appear (insert drops the cached table); cached rows are frozen (shared between callers).
    await store.repos.vehicles.insert(van('veh_c3', 'hub_c1'));
    const rows = await store.repos.vehicles.forHub('hub_c1');
    expect(rows.map((v) => v.id)).toEqual(['veh_c1', 'veh_c2', 'veh_c3']);
    expect(() => ((rows[0] as { batteryPct: number | null }).batteryPct = 1)).toThrow(TypeError);
  });
});

it('keeps entries until a write (one writer), or for ttlMs at most (several processes); a load overtaken by a write is not kept', async () => {
  let now = 0;
  let reads = 0;
  const load = async () => [{ id: `v${++reads}` }];
  const solo = new ReferenceCache(null, () => now);
  await solo.table('hubs', load);
  now += 1e9;
  expect(await solo.table('hubs', load)).toEqual([{ id: 'v1' }]);
  solo.invalidate('hubs');
  expect(await solo.table('hubs', load)).toEqual([{ id: 'v2' }]);

  const shared = new ReferenceCache(1000, () => now);
  await shared.table('hubs', load);
  now += 999;
  expect(await shared.table('hubs', load)).toEqual([{ id: 'v3' }]);
  now += 1;
  expect(await shared.table('hubs', load)).toEqual([{ id: 'v4' }]);

  // A write lands while a load is in flight: the (possibly older) rows are returned but not kept.
  const racing = new ReferenceCache(null, () => now);
  let release!: () => void;
  const slow = racing.table('noFlyZones', () => new Promise<Array<{ id: string }>>((r) => (release = () => r([{ id: 'old' }]))));
  racing.invalidate('noFlyZones');
  release();
  expect(await slow).toEqual([{ id: 'old' }]);
  expect(await racing.table('noFlyZones', async () => [{ id: 'new' }])).toEqual([{ id: 'new' }]);
});

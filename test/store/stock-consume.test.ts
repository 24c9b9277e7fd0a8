// Dispatch consumes the reserved units of many (hub, product) rows in one statement
// (StockRepo.consumeMany): each row under its own guard, and only the rows whose guard held move.
import { beforeAll, expect, it } from 'vitest';
import { seedWorld, type World } from '../service/fixtures.js';
import { describeBackends } from '../service/harness.js';

describeBackends('stock: consumeMany', (env) => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(env());
  });

  it('takes each quantity off on_hand and reserved; a row reserving less than asked is left as it was', async () => {
    const stock = env().store.repos.stock;
    await stock.adjust(w.hubs.north, w.products.tea, 10, 1);
    await stock.adjust(w.hubs.north, w.products.kettle, 10, 1);
    expect(await stock.reserve(w.hubs.north, w.products.tea, 4, 2)).toBe(true);
    expect(await stock.reserve(w.hubs.north, w.products.kettle, 1, 2)).toBe(true);
    const [tea0, kettle0] = [(await stock.get(w.hubs.north, w.products.tea))!, (await stock.get(w.hubs.north, w.products.kettle))!];
    const held = await stock.consumeMany(
      [
        { hubId: w.hubs.north, productId: w.products.tea, quantity: 3 },
        { hubId: w.hubs.north, productId: w.products.kettle, quantity: 2 },
      ],
      3,
    );
    expect([...held]).toEqual([`${w.products.tea}|${w.hubs.north}`]);
    const [tea, kettle] = [(await stock.get(w.hubs.north, w.products.tea))!, (await stock.get(w.hubs.north, w.products.kettle))!];
    expect([tea.onHand - tea0.onHand, tea.reserved - tea0.reserved, tea.updatedAt]).toEqual([-3, -3, 3]);
    expect(kettle).toEqual(kettle0);
  });
});

import { expect, it } from 'vitest';
import { IdGenerator, idTimeMs } from '../../src/domain/ids.js';

it('ids are prefixed, carry their time and sort in creation order, also within one millisecond', () => {
  let now = 1_790_000_000_000;
  const gen = new IdGenerator(() => now);
  const ids: string[] = [];
  for (let i = 0; i < 1000; i++) {
    if (i % 100 === 0) now += 1;
    ids.push(gen.next('ord'));
  }
  expect(ids.every((id) => /^ord_[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
  expect([...ids].sort()).toEqual(ids);
  expect(new Set(ids).size).toBe(ids.length);
  expect(idTimeMs(ids[0]!)).toBe(1_790_000_000_001);
});

it('a clock stepping backwards does not break the order', () => {
  const times = [1000, 2000, 1500, 1500, 2500];
  let i = 0;
  const gen = new IdGenerator(() => times[i++]!);
  const ids = times.map(() => gen.next('evt'));
  expect([...ids].sort()).toEqual(ids);
});

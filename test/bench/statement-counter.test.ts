// bench:sim's statement counter sees the statements of both PGlite paths the store uses: the
// prepared statements' raw stream (src/store/pglite-prepared.ts) and PGlite's own query().
import { PGlite } from '@electric-sql/pglite';
import { afterAll, expect, it } from 'vitest';
import { installStatementCounter } from '../../bench/lib/statement-counter.js';
import { preparedPglite } from '../../src/store/pglite-prepared.js';

const counter = installStatementCounter();
const client = new PGlite();
afterAll(() => client.close());

it('counts and times each statement, by its text, on the prepared path and on query()', async () => {
  await client.waitReady; // PGlite's own start-up queries are not counted below
  const db = preparedPglite(client);
  counter.label = 'prepared';
  for (let i = 0; i < 3; i++) expect((await db.query<{ v: number }>('select $1::int * 2 as v', [i])).rows).toEqual([{ v: 2 * i }]);
  counter.label = 'own';
  await client.query('select 1 as one');
  expect(counter.byLabel.get('prepared')).toMatchObject({ statements: 3 });
  expect(counter.byLabel.get('prepared')!.driverMs).toBeGreaterThan(0);
  expect(counter.byLabel.get('own')).toMatchObject({ statements: 1 });
  const timed = counter.byText.get('select $1::int * 2 as v')!;
  expect(timed.count).toBe(3);
  expect(timed.bytes).toBeGreaterThan(0); // the replies' bytes reached the counter and the store alike
});

// Rows of a table read back from a raw statement (`execute`, e.g. a data-modifying CTE whose last
// SELECT returns the table's columns): mapped from column names and driver values to the row
// type drizzle's builder would have returned.
import { getTableColumns, type Table } from 'drizzle-orm';

export function rowsOf<T extends Table>(table: T, result: unknown): Array<T['$inferSelect']> {
  const columns = Object.entries(getTableColumns(table));
  const raw = (result as { rows: Array<Record<string, unknown>> }).rows;
  return raw.map((r) => {
    const row: Record<string, unknown> = {};
    for (const [key, col] of columns) {
      const v = r[col.name];
      row[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
    }
    return row as T['$inferSelect'];
  });
}

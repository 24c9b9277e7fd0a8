// Keyset pagination over sortable ids: fetch limit+1 rows after the cursor id; the extra row
// tells whether there is a next page. The API layer makes the cursor opaque.
export interface PageRequest {
  /** Return rows with id strictly greater than this (ids are time-sortable). */
  afterId?: string;
  limit: number;
}

export interface Page<T> {
  items: T[];
  /** Id of the last item when more rows follow; undefined on the last page. */
  nextAfterId?: string;
}

export function toPage<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextAfterId: items[items.length - 1]!.id };
}

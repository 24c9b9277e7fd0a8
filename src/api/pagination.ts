// Opaque cursors for list endpoints: base64url of a small JSON ({ a: lastId }). Clients pass
// `cursor` back verbatim and must not build one.
import { Type, type Static } from '@sinclair/typebox';
import type { Page, PageRequest } from '../store/index.js';
import { ApiError } from './errors.js';

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'page size (1..200)' })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'opaque cursor from the previous page’s nextCursor' })),
});
export type PageQuery = Static<typeof PageQuery>;

export const encodeCursor = (afterId: string): string => Buffer.from(JSON.stringify({ a: afterId })).toString('base64url');

export function pageRequest(q: { limit?: number; cursor?: string }): PageRequest {
  const limit = q.limit ?? 50;
  if (!q.cursor) return { limit };
  try {
    const parsed = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8')) as { a?: unknown };
    if (typeof parsed.a === 'string' && parsed.a.length > 0) return { limit, afterId: parsed.a };
  } catch {
    // fall through to the error below
  }
  throw new ApiError('invalid_cursor', 'cursor is not one this API issued', { cursor: q.cursor });
}

/** List envelope: { data: [...], nextCursor: string | null }. */
export function pageBody<T, U>(page: Page<T>, present: (row: T) => U) {
  return { data: page.items.map(present), nextCursor: page.nextAfterId ? encodeCursor(page.nextAfterId) : null };
}

export const PageEnvelope = <T extends import('@sinclair/typebox').TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

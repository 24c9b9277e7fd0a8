// Who may see a domain event (webhook fan-out and SSE streams use the same rule): operators see
// everything; a customer, supplier or vehicle sees the events whose payload names it.
import type { Role } from './actor.js';

export interface EventAudience {
  role: Role | string;
  subjectId: string | null;
}

export interface VisibleEvent {
  type: string;
  payload: unknown;
}

const SUBJECT_FIELD: Record<string, string> = { customer: 'customerId', supplier: 'supplierId', device: 'vehicleId' };

export function eventVisibleTo(who: EventAudience, event: VisibleEvent): boolean {
  if (who.role === 'operator') return true;
  const field = SUBJECT_FIELD[who.role];
  if (!field || !who.subjectId) return false;
  const payload = event.payload as Record<string, unknown> | null;
  return !!payload && typeof payload === 'object' && payload[field] === who.subjectId;
}

/** Event-type patterns: an exact type (`order.delivered`), a prefix wildcard (`order.*`) or `*`. */
export const EVENT_PATTERN = /^(\*|[a-z][a-z_]*(\.[a-z][a-z_]*)*(\.\*)?)$/;

export function eventTypeMatches(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

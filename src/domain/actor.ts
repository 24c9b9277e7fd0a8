// Who is acting: the authenticated principal behind a request or a CLI/system action.
export type Role = 'operator' | 'customer' | 'supplier' | 'device';
export const ROLES: readonly Role[] = ['operator', 'customer', 'supplier', 'device'];

export interface Actor {
  role: Role;
  /** Customer, supplier or vehicle id the principal acts for; null for operators. */
  subjectId: string | null;
  /** The API key (or 'system', 'cli') behind the action, for audit trails. */
  via: string;
}

export const SYSTEM_ACTOR: Actor = { role: 'operator', subjectId: null, via: 'system' };

/** How an actor is recorded in events and audit rows, e.g. `customer:cus_… via key_…`. */
export function actorLabel(a: Actor): string {
  return `${a.role}${a.subjectId ? `:${a.subjectId}` : ''} via ${a.via}`;
}

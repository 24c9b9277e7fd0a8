// API keys: 32 random bytes, shown once, stored as sha256 (fine for high-entropy secrets).
// The key text carries its role only as a hint for humans; authority comes from the stored row.
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/index.js';
import { ROLES, type Actor, type Role } from './actor.js';
import type { DomainContext } from './context.js';
import { nowS } from './context.js';
import { DomainError } from './errors.js';

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export interface CreatedKey {
  id: string;
  key: string;
  role: Role;
  subjectId: string | null;
}

const SUBJECT_PREFIX: Record<Role, string | null> = { operator: null, customer: 'cus_', supplier: 'sup_', device: 'veh_' };

/** Creates a key; `fixedKey` is only for the documented demo key. Subjects must exist for non-operator roles. */
export async function createApiKey(
  ctx: DomainContext,
  input: { role: Role; subjectId?: string | null; label?: string | null; fixedKey?: string },
): Promise<CreatedKey> {
  if (!ROLES.includes(input.role)) throw new DomainError('validation_failed', `unknown role ${input.role}`, { role: input.role });
  const subjectId = input.subjectId ?? null;
  const prefix = SUBJECT_PREFIX[input.role];
  if (prefix === null && subjectId) throw new DomainError('validation_failed', 'operator keys have no subject', {});
  if (prefix !== null) {
    if (!subjectId || !subjectId.startsWith(prefix)) {
      throw new DomainError('validation_failed', `a ${input.role} key needs --subject <${prefix}…>`, { role: input.role });
    }
    const repos = ctx.store.repos;
    const exists =
      input.role === 'customer' ? await repos.customers.get(subjectId)
      : input.role === 'supplier' ? await repos.suppliers.get(subjectId)
      : await repos.vehicles.get(subjectId);
    if (!exists) throw new DomainError('not_found', `${input.role} subject ${subjectId} not found`, { id: subjectId });
  }
  const key = input.fixedKey ?? `rk_${input.role.slice(0, 3)}_${randomBytes(32).toString('base64url')}`;
  const id = ctx.ids.next('key');
  await ctx.store.repos.apiKeys.insert({
    id,
    keyHash: hashApiKey(key),
    role: input.role,
    subjectId,
    label: input.label ?? null,
    createdAt: nowS(ctx),
    revokedAt: null,
  });
  return { id, key, role: input.role, subjectId };
}

/**
 * Resolves a presented key to an actor (undefined: unknown or revoked). Results are cached
 * briefly per hash so that a busy client does not cost a query per request; a revocation
 * takes effect within `ttlMs`.
 */
export class KeyAuthenticator {
  private cache = new Map<string, { actor: Actor | undefined; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly nowMs: () => number = Date.now,
    private readonly ttlMs = 10_000,
  ) {}

  async authenticate(key: string): Promise<Actor | undefined> {
    const hash = hashApiKey(key);
    const now = this.nowMs();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.actor;
    const row = await this.store.repos.apiKeys.findActiveByHash(hash);
    const actor: Actor | undefined = row ? { role: row.role as Role, subjectId: row.subjectId, via: row.id } : undefined;
    // Only known keys are cached: unknown ones would let a scanner fill memory.
    if (actor) {
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, { actor, until: now + this.ttlMs });
    }
    return actor;
  }
}


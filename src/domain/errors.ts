// Business-rule failures. Each carries a stable machine-readable code; the API maps codes to
// HTTP statuses (src/api/errors.ts) and every code leaves the database unchanged
// (the failing transaction rolls back).
export type DomainErrorCode =
  | 'not_found'
  | 'validation_failed'
  | 'unknown_sku'
  | 'unknown_customer'
  | 'unknown_address'
  | 'unknown_hub'
  | 'unknown_product'
  | 'duplicate_line'
  | 'mixed_currency'
  | 'invalid_window'
  | 'stock_insufficient'
  | 'stock_negative'
  | 'address_unserviceable'
  | 'illegal_transition'
  | 'idempotency_key_reused'
  | 'idempotency_in_progress'
  | 'conflict'
  | 'forbidden'
  | (string & {});

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (kind: string, id: string) => new DomainError('not_found', `${kind} ${id} not found`, { kind, id });

/** The Idempotency-Key cannot be honoured as sent. */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
  constructor(
    readonly status: 409 | 422,
    readonly slug: 'idempotency-key-reused' | 'idempotency-key-in-progress',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Errors by which decide refuses a command. Each carries a stable kebab-case `code`.
 * The HTTP layer maps them by class: `AggregateNotFoundError` → 404, `RuleViolationError` → 422.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A business rule refused the command. `rule` is a stable kebab-case code clients may branch on. */
export class RuleViolationError extends DomainError {
  readonly code: string;

  constructor(
    readonly rule: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(`[${rule}] ${message}`);
    this.code = rule;
  }
}

/**
 * A rule about who may act on a record at all (the agency takes no part in it): a denial of access, which the API
 * answers 403, unlike the rules about what the record allows (422).
 */
export class AgencyNotPermittedError extends RuleViolationError {}

/** The command targets an aggregate whose stream holds no creation event. Code: `<kind>-not-found`. */
export class AggregateNotFoundError extends DomainError {
  readonly code: string;

  constructor(
    readonly kind: string,
    readonly id: string,
  ) {
    super(`${kind} ${id} does not exist`);
    this.code = `${kind}-not-found`;
  }
}

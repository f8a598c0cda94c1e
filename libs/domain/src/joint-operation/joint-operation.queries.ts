import { AggregateNotFoundError, RuleViolationError } from '../shared/errors.js';
import { STREAM_CATEGORIES } from '../shared/streams.js';
import type { ExistingJointOperation, JointOperationState } from './joint-operation.state.js';

/**
 * For aggregates that decide from an operation's state handed over in their context
 * (cases, deportations). Rules: operation exists (404), 'operation-mismatch'.
 */
export function requireOperationOf(
  operation: JointOperationState,
  operationId: string,
): ExistingJointOperation {
  if (operation.status === 'none')
    throw new AggregateNotFoundError(STREAM_CATEGORIES.jointOperation, operationId);
  if (operation.operationId !== operationId) {
    throw new RuleViolationError(
      'operation-mismatch',
      `the command names operation ${operationId} but the context holds operation ${operation.operationId}`,
      { operationId, contextOperationId: operation.operationId },
    );
  }
  return operation;
}

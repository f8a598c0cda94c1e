import { parseStreamId, STREAM_CATEGORIES, type StreamCategory } from '@ledger/domain';

/**
 * One topic per stream category. The version in the name changes only with an incompatible
 * change of the message contract; consumers then move to the new topic at their own pace.
 */
export const LEDGER_TOPICS: Readonly<Record<StreamCategory, string>> = Object.freeze({
  [STREAM_CATEGORIES.jointOperation]: 'ledger.operations.v1',
  [STREAM_CATEGORIES.case]: 'ledger.cases.v1',
  [STREAM_CATEGORIES.deportation]: 'ledger.deportations.v1',
  [STREAM_CATEGORIES.rescueRequest]: 'ledger.rescues.v1',
});

export const LEDGER_TOPIC_NAMES: readonly string[] = Object.values(LEDGER_TOPICS);

/** A stream the relay has no topic for: publishing it anywhere else would mislead consumers. */
export class UnroutableStreamError extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} belongs to no category with a Kafka topic`);
    this.name = 'UnroutableStreamError';
  }
}

export function topicFor(streamId: string): string {
  const parsed = parseStreamId(streamId);
  if (!parsed) throw new UnroutableStreamError(streamId);
  return LEDGER_TOPICS[parsed.category];
}

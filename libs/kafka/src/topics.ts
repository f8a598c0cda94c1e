import {
  EVENT_STREAM_CATEGORY,
  LEDGER_EVENT_TYPES,
  parseStreamId,
  STREAM_CATEGORIES,
  type LedgerEventType,
  type StreamCategory,
} from '@ledger/domain';

/**
 * Kept inside the ledger: the access log names users and what they looked at, which is for
 * auditors, not for downstream systems.
 */
const UNPUBLISHED_CATEGORIES = [STREAM_CATEGORIES.accessLog] as const;
export type PublishedCategory = Exclude<StreamCategory, (typeof UNPUBLISHED_CATEGORIES)[number]>;

/**
 * One topic per published stream category. The version in the name changes only with an incompatible
 * change of the message contract; consumers then move to the new topic at their own pace.
 */
export const LEDGER_TOPICS: Readonly<Record<PublishedCategory, string>> = Object.freeze({
  [STREAM_CATEGORIES.jointOperation]: 'ledger.operations.v1',
  [STREAM_CATEGORIES.case]: 'ledger.cases.v1',
  [STREAM_CATEGORIES.deportation]: 'ledger.deportations.v1',
  [STREAM_CATEGORIES.rescueRequest]: 'ledger.rescues.v1',
  // Registrations and erasures carry no identity; an erasure tells consumers to drop what they hold.
  [STREAM_CATEGORIES.person]: 'ledger.persons.v1',
  // New, renamed and retired agencies, for systems that keep their own list.
  [STREAM_CATEGORIES.agencyRegister]: 'ledger.reference.v1',
});

export const LEDGER_TOPIC_NAMES: readonly string[] = Object.values(LEDGER_TOPICS);

/** A stream the relay has no topic for: publishing it anywhere else would mislead consumers. */
export class UnroutableStreamError extends Error {
  constructor(readonly streamId: string) {
    super(`stream ${streamId} belongs to no category with a Kafka topic`);
    this.name = 'UnroutableStreamError';
  }
}

export const isPublishedCategory = (category: StreamCategory): category is PublishedCategory =>
  !(UNPUBLISHED_CATEGORIES as readonly StreamCategory[]).includes(category);

/** The event types that reach Kafka, in LEDGER_EVENT_TYPES order: all but the unpublished categories'. */
export const PUBLISHED_EVENT_TYPES: readonly LedgerEventType[] = LEDGER_EVENT_TYPES.filter((type) =>
  isPublishedCategory(EVENT_STREAM_CATEGORY[type]),
);

/**
 * The stream's topic, or null for the ledger's own unpublished categories; throws
 * UnroutableStreamError for an id of no known category.
 */
export function publishedTopicOf(streamId: string): string | null {
  const parsed = parseStreamId(streamId);
  if (!parsed) throw new UnroutableStreamError(streamId);
  return isPublishedCategory(parsed.category) ? LEDGER_TOPICS[parsed.category] : null;
}

export function topicFor(streamId: string): string {
  const topic = publishedTopicOf(streamId);
  if (topic === null) throw new UnroutableStreamError(streamId);
  return topic;
}

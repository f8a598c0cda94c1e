import { requireId } from './validation.js';

/** The stream category of each aggregate; a stream is named `<category>-<id>`. */
export const STREAM_CATEGORIES = {
  jointOperation: 'operation',
  case: 'case',
  deportation: 'deportation',
  rescueRequest: 'rescue',
  person: 'person',
  /** Reference data admins manage: the agency register, stream `reference-agencies`. */
  agencyRegister: 'reference',
  /** The access log, one stream per UTC day; written by the API, not by a decider. */
  accessLog: 'access',
} as const;

export type StreamCategory = (typeof STREAM_CATEGORIES)[keyof typeof STREAM_CATEGORIES];

const CATEGORIES: readonly StreamCategory[] = Object.values(STREAM_CATEGORIES);

export const isStreamCategory = (value: unknown): value is StreamCategory =>
  CATEGORIES.includes(value as StreamCategory);

/** `streamIdFor('operation', id)` → `operation-<id>`. */
export function streamIdFor(category: StreamCategory, id: string): string {
  return `${category}-${requireId(id, `${category} id`)}`;
}

/** The inverse of `streamIdFor`; undefined for a stream outside the ledger's categories. */
export function parseStreamId(streamId: string): { category: StreamCategory; id: string } | undefined {
  const dash = streamId.indexOf('-');
  if (dash <= 0) return undefined;
  const category = streamId.slice(0, dash);
  const id = streamId.slice(dash + 1);
  return isStreamCategory(category) && id !== '' ? { category, id } : undefined;
}

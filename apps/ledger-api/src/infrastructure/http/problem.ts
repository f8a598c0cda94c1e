/** RFC 9457 problem details: every error the API answers has this shape. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
}

export interface FieldError {
  /** Path of the offending field, e.g. `screened[2].count`. */
  field: string;
  messages: string[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
};

export function problem(status: number, slug: string, detail: string, extensions: object = {}): Problem {
  return {
    type: `urn:coordination-ledger:problem:${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...extensions,
  };
}

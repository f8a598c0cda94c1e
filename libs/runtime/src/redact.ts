import { ConsoleLogger } from '@nestjs/common';

/**
 * What must never reach a log line: passwords in connection strings, bearer tokens and anything shaped like a JWT
 * (an error message can quote a header or a URL). Replaced, not dropped, so the line still reads.
 */
const SECRETS: readonly [RegExp, string][] = [
  // scheme://user:password@host → scheme://user:***@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]+@/gi, '$1***@'],
  [/\b(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***'],
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '***'],
  [/(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----)/g, '$1***$2'],
  // password=…, KAFKA_SASL_PASSWORD=…, "clientSecret": "…"
  [/\b([\w-]*(?:password|passwd|secret|api[_-]?key)[\w-]*)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi, '$1$2***'],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRETS) out = out.replace(pattern, replacement);
  return out;
}

/** Nest's console logger, with every message and stack passed through `redactSecrets`. */
export class RedactingLogger extends ConsoleLogger {
  protected override formatMessage(...args: Parameters<ConsoleLogger['formatMessage']>): string {
    return redactSecrets(super.formatMessage(...args));
  }

  // Nest passes whatever came as a second argument, which can be undefined (kafkajs errors without a stack).
  protected override printStackTrace(stack: string | undefined): void {
    super.printStackTrace(typeof stack === 'string' ? redactSecrets(stack) : (stack as unknown as string));
  }
}

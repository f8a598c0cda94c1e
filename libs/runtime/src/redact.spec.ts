import { describe, expect, it } from '@jest/globals';
import { RedactingLogger, redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('hides passwords in connection strings, bearer tokens, JWTs, private keys and password settings', () => {
    const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
    const line = [
      'connect postgres://ledger:s3cr%40t@db:5432/ledger failed;',
      'kurrentdb+discover://admin:changeit@kurrentdb:2113?tls=true;',
      `header Authorization: Bearer ${jwt};`,
      `token=${jwt};`,
      'KAFKA_SASL_PASSWORD=hunter2 password: "x1"',
      '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----',
    ].join(' ');
    const redacted = redactSecrets(line);
    for (const secret of ['s3cr%40t', 'changeit', jwt, 'hunter2', 'x1', 'MC4CAQAwBQYDK2VwBCIEI']) {
      expect(redacted).not.toContain(secret);
    }
    expect(redacted).toContain('postgres://ledger:***@db:5432/ledger');
    expect(redacted).toContain('Bearer ***');
  });

  it('leaves ordinary lines alone', () => {
    const line = 'projection statistics caught up at position 4503599627370497 (12,000 events/s)';
    expect(redactSecrets(line)).toBe(line);
    expect(redactSecrets('listening on http://127.0.0.1:3000')).toBe('listening on http://127.0.0.1:3000');
  });
});

describe('RedactingLogger', () => {
  it('writes log lines and stacks with their secrets hidden', () => {
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const writeOut = process.stdout.write.bind(process.stdout);
    const capture = (chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    };
    process.stderr.write = capture as typeof process.stderr.write;
    process.stdout.write = capture as typeof process.stdout.write;
    try {
      const logger = new RedactingLogger('Test', { colors: false });
      logger.log('connected to postgres://ledger:topsecret@db/ledger');
      logger.error('request failed', 'Error: Bearer abc.def.ghi\n    at handler (app.js:1:1)');
    } finally {
      process.stderr.write = write;
      process.stdout.write = writeOut;
    }
    const text = written.join('');
    expect(text).toContain('postgres://ledger:***@db/ledger');
    expect(text).toContain('Bearer ***');
    expect(text).not.toContain('topsecret');
    expect(text).not.toContain('abc.def.ghi');
  });

  it('writes an error that comes without a stack', () => {
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) =>
      written.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      const logger = new RedactingLogger('Test', { colors: false });
      logger.error('relay retries: password=hunter2');
      logger.error('kafkajs said so', undefined);
    } finally {
      process.stderr.write = write;
    }
    expect(written.join('')).toContain('relay retries: password=***');
    expect(written.join('')).toContain('kafkajs said so');
  });
});

import { describe, expect, it } from '@jest/globals';
import { eventHash, eventHashBody, GENESIS_HASH } from './hash-chain.js';
import { exportLine, parseExportLine } from './export-line.js';
import { LogVerifier, streamIdOfBody, type VerifiableEvent } from './log-verifier.js';

const event = (overrides: Partial<VerifiableEvent> = {}): VerifiableEvent => {
  const base = {
    eventId: '0190c4e0-0000-7000-8000-000000000001',
    streamId: 'operation-ÄŠ "quoted" ,"type":"x"',
    type: 'RaidConducted',
    schemaVersion: 2,
    // Nested members named like the top-level ones must not confuse the reader.
    data: { streamId: 'inner', nested: { type: 'inner', streamId: 'deeper' }, text: ',"streamId":"fake' },
    metadata: { streamId: 'meta', actor: { agencyId: 'gdi' } },
    ...overrides,
  };
  return {
    ...base,
    revision: 0,
    position: 2n ** 60n + 3n,
    createdAt: new Date('2022-09-18T03:00:00.123Z'),
    hash: eventHash({ ...base, previousHash: GENESIS_HASH }),
  };
};

describe('export lines', () => {
  it('round-trips an event: the body is the hashed canonical JSON, the fields what the log says', () => {
    const original = event();
    const parsed = parseExportLine(Buffer.from(exportLine(original)));
    expect(parsed).toMatchObject({
      hash: original.hash,
      position: original.position,
      createdAt: original.createdAt,
      revision: 0,
      eventId: original.eventId,
      streamId: original.streamId,
    });
    expect(Buffer.from(parsed!.body).toString('utf8')).toBe(eventHashBody(original));
  });

  it('reads the top-level stream id whatever the data and metadata hold', () => {
    const body = Buffer.from(eventHashBody(event()));
    expect(streamIdOfBody(body)).toBe('operation-ÄŠ "quoted" ,"type":"x"');
    expect(streamIdOfBody(Buffer.from('{"data":{}}'))).toBeUndefined();
  });

  it('refuses lines that are not event lines', () => {
    for (const line of ['', 'abc', 'h 1 2 3 id {"data":{}}', `h x 2 3 id ${eventHashBody(event())}`]) {
      expect(parseExportLine(Buffer.from(line))).toBeUndefined();
    }
  });

  it('verifies from the lines as it does from the events, and names a changed body', () => {
    const original = event();
    const fromLine = new LogVerifier([], []);
    fromLine.add(parseExportLine(Buffer.from(exportLine(original)))!);
    expect(fromLine.finish().valid).toBe(true);

    const tampered = exportLine(original).replace('"gdi"', '"gdj"');
    const verifier = new LogVerifier([], []);
    verifier.add(parseExportLine(Buffer.from(tampered))!);
    expect(verifier.finish().problems[0]).toMatchObject({ kind: 'altered', eventId: original.eventId });
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  GENESIS_HASH,
  eventHash,
  eventHashPreimage,
  verifyChain,
  type ChainedEventBody,
  type StoredChainedEvent,
} from './hash-chain.js';

const body = (revision: number, streamId = 'case-1'): ChainedEventBody & { revision: number } => ({
  streamId,
  revision,
  eventId: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
  type: revision === 0 ? 'CaseOpened' : 'NoteAdded',
  schemaVersion: 1,
  data: { note: `note ${revision}`, amounts: [revision, revision / 2] },
  metadata: { actor: 'officer-7', correlationId: 'c-1' },
});

/** Hashes the bodies in order as the store would when appending them. */
function chain(
  bodies: readonly (ChainedEventBody & { revision: number })[],
  previousHash = GENESIS_HASH,
): StoredChainedEvent[] {
  const events: StoredChainedEvent[] = [];
  let previous = previousHash;
  for (const event of bodies) {
    previous = eventHash({ ...event, previousHash: previous });
    events.push({ ...event, hash: previous });
  }
  return events;
}

const stream = (length: number) => chain(Array.from({ length }, (_, revision) => body(revision)));

describe('eventHash', () => {
  it('hashes the documented bytes: tag, zero byte, previous hash, canonical JSON', () => {
    const event = { ...body(0), previousHash: GENESIS_HASH };
    const json =
      '{"data":{"amounts":[0,0],"note":"note 0"},"eventId":"00000000-0000-4000-8000-000000000000",' +
      '"metadata":{"actor":"officer-7","correlationId":"c-1"},"schemaVersion":1,' +
      '"streamId":"case-1","type":"CaseOpened"}';
    const expected = Buffer.concat([
      Buffer.from('ledger-event/v1\0', 'ascii'),
      Buffer.alloc(32),
      Buffer.from(json),
    ]);
    expect(eventHashPreimage(event).equals(expected)).toBe(true);
    expect(eventHash(event)).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('gives a known hash for a known event, so other implementations can check theirs', () => {
    expect(eventHash({ ...body(0), previousHash: GENESIS_HASH })).toBe(
      createHash('sha256')
        .update('ledger-event/v1\0')
        .update(Buffer.alloc(32))
        .update(
          '{"data":{"amounts":[0,0],"note":"note 0"},"eventId":"00000000-0000-4000-8000-000000000000",' +
            '"metadata":{"actor":"officer-7","correlationId":"c-1"},"schemaVersion":1,' +
            '"streamId":"case-1","type":"CaseOpened"}',
        )
        .digest('hex'),
    );
  });

  it('changes when any field or the previous hash changes', () => {
    const [first, second] = stream(2) as [StoredChainedEvent, StoredChainedEvent];
    const input = { ...body(1), previousHash: first.hash };
    const base = eventHash(input);
    expect(base).toBe(second.hash);
    const variants = [
      { ...input, previousHash: GENESIS_HASH.replace(/0$/, '1') },
      { ...input, streamId: 'case-2' },
      { ...input, eventId: 'other' },
      { ...input, type: 'NoteRemoved' },
      { ...input, schemaVersion: 2 },
      { ...input, data: { ...(input.data as object), note: 'changed' } },
      { ...input, metadata: null },
      { ...input, metadata: undefined },
    ];
    for (const variant of variants) expect(eventHash(variant)).not.toBe(base);
  });

  it('does not depend on the order of the members of data or metadata', () => {
    const input = { ...body(0), previousHash: GENESIS_HASH };
    const reordered = {
      ...input,
      data: { note: 'note 0', amounts: [0, 0] },
      metadata: { correlationId: 'c-1', actor: 'officer-7' },
    };
    expect(eventHash(reordered)).toBe(eventHash(input));
  });

  it('rejects a malformed previous hash, a fractional schema version and data that is not JSON', () => {
    expect(() => eventHash({ ...body(1), previousHash: 'xyz' })).toThrow(TypeError);
    expect(() => eventHash({ ...body(1), schemaVersion: 1.5, previousHash: GENESIS_HASH })).toThrow(
      TypeError,
    );
    expect(() => eventHash({ ...body(1), data: { position: 1n }, previousHash: GENESIS_HASH })).toThrow(
      TypeError,
    );
  });
});

describe('verifyChain', () => {
  it('accepts an intact stream and reports its head', () => {
    const events = stream(5);
    expect(verifyChain(events)).toEqual({
      valid: true,
      count: 5,
      headHash: events[4]?.hash,
      nextRevision: 5,
    });
    expect(verifyChain([])).toEqual({ valid: true, count: 0, headHash: GENESIS_HASH, nextRevision: 0 });
  });

  it('given an anchor, checks only the tail after a trusted checkpoint', () => {
    const events = stream(6);
    const anchor = { nextRevision: 3, previousHash: events[2]?.hash as string };
    expect(verifyChain(events.slice(3), anchor)).toMatchObject({ valid: true, count: 3, nextRevision: 6 });
    expect(verifyChain(events.slice(4), anchor)).toMatchObject({ valid: false, reason: 'deleted', index: 0 });
  });

  it('given an event whose data was altered, reports it as altered', () => {
    const events = stream(5);
    events[2] = { ...(events[2] as StoredChainedEvent), data: { note: 'rewritten' } };
    expect(verifyChain(events)).toMatchObject({ valid: false, index: 2, revision: 2, reason: 'altered' });
  });

  it('given an event whose recorded hash was altered, reports it as altered', () => {
    const events = stream(5);
    events[4] = { ...(events[4] as StoredChainedEvent), hash: 'f'.repeat(64) };
    expect(verifyChain(events)).toMatchObject({ valid: false, index: 4, reason: 'altered' });
  });

  it('given an event rewritten with a fresh hash, reports the next event, whose link broke, as altered', () => {
    const events = stream(5);
    const rewritten = { ...body(2), data: { note: 'rewritten' } };
    events[2] = { ...rewritten, hash: eventHash({ ...rewritten, previousHash: events[1]?.hash as string }) };
    expect(verifyChain(events)).toMatchObject({ valid: false, index: 3, revision: 3, reason: 'altered' });
  });

  it('given a missing revision, reports it as deleted', () => {
    const events = stream(5);
    events.splice(2, 1);
    expect(verifyChain(events)).toMatchObject({
      valid: false,
      index: 2,
      revision: 3,
      expectedRevision: 2,
      reason: 'deleted',
    });
    expect(verifyChain(stream(3).slice(1))).toMatchObject({ valid: false, index: 0, reason: 'deleted' });
  });

  it('given two events swapped, reports them as reordered', () => {
    const events = stream(5);
    [events[1], events[2]] = [events[2] as StoredChainedEvent, events[1] as StoredChainedEvent];
    expect(verifyChain(events)).toMatchObject({ valid: false, index: 1, revision: 2, reason: 'reordered' });
  });

  it('given an event slipped in with the revision of an existing one, reports it as inserted', () => {
    const events = stream(4);
    const forged = { ...body(2), eventId: 'forged', data: { note: 'forged' } };
    // The forger even computed a correct hash for it.
    events.splice(2, 0, {
      ...forged,
      hash: eventHash({ ...forged, previousHash: events[1]?.hash as string }),
    });
    expect(verifyChain(events)).toMatchObject({
      valid: false,
      index: 2,
      eventId: 'forged',
      reason: 'inserted',
    });
  });

  it('given an event slipped in and the later ones renumbered, reports the slipped-in event as inserted', () => {
    const original = stream(4);
    const forged = { ...body(2), eventId: 'forged', data: { note: 'forged' } };
    const renumbered = original.slice(2).map((event) => ({ ...event, revision: event.revision + 1 }));
    for (const forgedHash of [
      eventHash({ ...forged, previousHash: original[1]?.hash as string }),
      'a'.repeat(64),
    ]) {
      const events = [...original.slice(0, 2), { ...forged, hash: forgedHash }, ...renumbered];
      expect(verifyChain(events)).toMatchObject({
        valid: false,
        index: 2,
        eventId: 'forged',
        reason: 'inserted',
      });
    }
  });

  it('given an event of another stream among the events, reports it as inserted', () => {
    const events = stream(3);
    const foreign = chain([body(0, 'case-2'), body(1, 'case-2')])[1] as StoredChainedEvent;
    events.splice(1, 0, foreign);
    expect(verifyChain(events)).toMatchObject({ valid: false, index: 1, reason: 'inserted' });
  });

  it('given any stream and any single change to one event, reports a break at or after that event', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((length) => fc.tuple(fc.constant(length), fc.nat(length - 1))),
        fc.constantFrom('data', 'metadata', 'type', 'eventId', 'hash', 'delete', 'swap'),
        ([length, at], change) => {
          const events = stream(length);
          const target = events[at] as StoredChainedEvent;
          if (change === 'delete') events.splice(at, 1);
          else if (change === 'swap') {
            if (at + 1 >= length) return;
            [events[at], events[at + 1]] = [events[at + 1] as StoredChainedEvent, target];
          } else if (change === 'hash')
            events[at] = { ...target, hash: createHash('sha256').update('x').digest('hex') };
          else events[at] = { ...target, [change]: change === 'data' ? { tampered: true } : 'tampered' };
          const result = verifyChain(events);
          // Deleting the last event is not visible in the chain alone; the signed Merkle log catches that.
          if (change === 'delete' && at === length - 1) return expect(result.valid).toBe(true);
          expect(result.valid).toBe(false);
          if (!result.valid) expect(result.index).toBe(at);
        },
      ),
    );
  });
});

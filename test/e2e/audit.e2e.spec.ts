/**
 * The audit API against a running ledger, checked independently of the server: heads verify with the
 * published key, proofs verify with the RFC 9162 algorithms of @ledger/ledger-integrity, and each leaf is
 * rebuilt from the event content read back through the records API.
 */
import { createHash, createPublicKey, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  eventHash,
  eventLeafHash,
  GENESIS_HASH,
  hashFromHex,
  rootHash,
  toHex,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
  type SignedTreeHead,
} from '@ledger/ledger-integrity';
import { type HttpAnswer, ledgerBackends, type RunningLedger, startLedger } from '../support/ledger-app.js';
import { operationWithRaid, PARTICIPANT, raidBody } from '../support/scenario.js';
import { until } from '../support/wait.js';

const OP = 'op-audit';
const HEAD_EVERY_EVENTS = 5;
/** Raids after the three commands of operationWithRaid: enough events for heads of size 5 and 10 and more. */
const MORE_RAIDS = 9;

interface Head extends SignedTreeHead {
  keyId: string;
}

const hashes = (hex: readonly string[]): Buffer[] => hex.map((h) => hashFromHex(h));
/** The same hash with its first bit flipped. */
const flipped = (hex: string): string => (parseInt(hex[0]!, 16) ^ 8).toString(16) + hex.slice(1);

describe.each(await ledgerBackends())('audit API through HTTP ($name)', (backend) => {
  let ledger: RunningLedger;
  let auditor: string;
  let publicKeyPem: string;
  let beforeAnyEvent: HttpAnswer;
  /** Every event the test recorded, in the order the commands answered. */
  const eventIds: string[] = [];
  let lastPosition = '0';
  let latest: Head;

  /** As the auditor, unless `as` names another token or `null` (none). */
  const get = (path: string, as?: string | null) =>
    ledger.request('GET', path, { token: as === null ? undefined : (as ?? auditor) });
  const inclusion = (eventId: string, extra = '') =>
    get(`/audit/proofs/inclusion?eventId=${eventId}&minPosition=${lastPosition}${extra}`);

  beforeAll(async () => {
    ledger = await startLedger(backend, {
      TREE_HEAD_EVERY_EVENTS: String(HEAD_EVERY_EVENTS),
      TREE_HEAD_EVERY_SECONDS: '1',
    });
    auditor = await ledger.token('ncct', 'auditor');
    beforeAnyEvent = await get('/audit/tree-heads/latest');

    await operationWithRaid(ledger, OP);
    const officer = await ledger.token(PARTICIPANT, 'officer');
    for (let n = 2; n <= MORE_RAIDS + 1; n++) {
      const answer = await ledger.request('POST', `/operations/${OP}/raids`, {
        token: officer,
        body: raidBody(`raid-${n}`),
      });
      expect(answer.status).toBe(201);
    }
    const history = await get(`/operations/${OP}/events`);
    for (const event of history.body.events) eventIds.push(event.eventId);
    lastPosition = history.body.events.at(-1).position;

    // The timer signs a head over whatever the projector's multiples of 5 left uncovered.
    await until(
      'a signed head covers every recorded event',
      async () => {
        const answer = await get('/audit/tree-heads/latest');
        if (answer.status === 200) latest = answer.body;
        return answer.status === 200 && answer.body.treeSize === eventIds.length;
      },
      15_000,
      100,
    );
    publicKeyPem = (await get('/audit/public-key', null)).body.publicKeyPem;
  });
  afterAll(() => ledger?.close());

  it('answers 404 for the latest head while none is signed yet', () => {
    expect(beforeAnyEvent.status).toBe(404);
    expect(beforeAnyEvent.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(beforeAnyEvent.body.detail).toMatch(/no tree head is signed yet/i);
  });

  it('publishes the signing key without a token, with its id and what it signs', async () => {
    const answer = await get('/audit/public-key', null);
    expect(answer.status).toBe(200);
    const der = createPublicKey(answer.body.publicKeyPem).export({ type: 'spki', format: 'der' });
    expect(answer.body).toMatchObject({
      algorithm: 'Ed25519',
      keyId: createHash('sha256').update(der).digest('hex'),
    });
    expect(answer.body.signs.treeHead).toContain('ledger-tree-head/v1');
    expect(answer.body.signs.leafHash).toContain('ledger-leaf/v1');
  });

  it('signs heads, every 5 events and on the timer, that verify with the published key', async () => {
    expect(eventIds.length).toBeGreaterThan(2 * HEAD_EVERY_EVENTS);
    expect(verifyTreeHead(latest, publicKeyPem)).toBe(true);
    for (const size of [HEAD_EVERY_EVENTS, 2 * HEAD_EVERY_EVENTS]) {
      const answer = await get(`/audit/tree-heads/${size}`);
      expect(answer.status).toBe(200);
      expect(answer.body.treeSize).toBe(size);
      expect(answer.body.keyId).toBe(latest.keyId);
      expect(verifyTreeHead(answer.body, publicKeyPem)).toBe(true);
    }
  });

  it('refuses a head whose size, root or time was altered after signing', () => {
    expect(verifyTreeHead({ ...latest, treeSize: latest.treeSize + 1 }, publicKeyPem)).toBe(false);
    expect(verifyTreeHead({ ...latest, rootHash: flipped(latest.rootHash) }, publicKeyPem)).toBe(false);
    expect(verifyTreeHead({ ...latest, timestamp: new Date(0).toISOString() }, publicKeyPem)).toBe(false);
  });

  it('proves every event against the latest head, and the leaves rebuild its root', async () => {
    const leaves: Buffer[] = [];
    for (const eventId of eventIds) {
      const { status, body } = await inclusion(eventId);
      expect(status).toBe(200);
      expect(body).toMatchObject({ eventId, streamId: `operation-${OP}`, treeSize: latest.treeSize });
      expect(body.treeHead).toEqual(latest);
      const leaf = hashFromHex(body.leafHash);
      const proof = hashes(body.proof);
      expect(verifyInclusion(leaf, body.leafIndex, body.treeSize, proof, hashFromHex(latest.rootHash))).toBe(
        true,
      );
      leaves[body.leafIndex] = leaf;
    }
    // One stream, so the leaves are its events in revision order, with no other leaf in between.
    expect(leaves).toHaveLength(eventIds.length);
    expect(toHex(rootHash(leaves))).toBe(latest.rootHash);
  });

  it('ties each leaf to the event content read back through the records API', async () => {
    const { body: history } = await get(`/operations/${OP}/events`);
    let previousHash = GENESIS_HASH;
    for (const event of history.events) {
      // Recomputed here from data, metadata and the stream's chain, not taken from the server.
      const hash = eventHash({ ...event, previousHash });
      const { body } = await inclusion(event.eventId);
      expect(body).toMatchObject({ revision: event.revision, position: event.position, eventHash: hash });
      const leaf = eventLeafHash({
        hash,
        position: BigInt(event.position),
        createdAt: new Date(body.committedAt),
      });
      expect(toHex(leaf)).toBe(body.leafHash);
      previousHash = hash;
    }
  });

  it('proves inclusion against an older signed head of the given size', async () => {
    const { body: head } = await get(`/audit/tree-heads/${2 * HEAD_EVERY_EVENTS}`);
    const { status, body } = await inclusion(eventIds[HEAD_EVERY_EVENTS + 1]!, `&treeSize=${head.treeSize}`);
    expect(status).toBe(200);
    expect(body.treeHead).toEqual(head);
    expect(
      verifyInclusion(
        hashFromHex(body.leafHash),
        body.leafIndex,
        head.treeSize,
        hashes(body.proof),
        hashFromHex(head.rootHash),
      ),
    ).toBe(true);
  });

  it('fails verification for a tampered inclusion proof, leaf, index or root', async () => {
    const { body } = await inclusion(eventIds[3]!);
    const root = hashFromHex(latest.rootHash);
    const leaf = hashFromHex(body.leafHash);
    const proof = hashes(body.proof);
    expect(verifyInclusion(leaf, body.leafIndex, body.treeSize, proof, root)).toBe(true);
    const tampered = hashes([flipped(body.proof[0]), ...body.proof.slice(1)]);
    expect(verifyInclusion(leaf, body.leafIndex, body.treeSize, tampered, root)).toBe(false);
    expect(
      verifyInclusion(hashFromHex(flipped(body.leafHash)), body.leafIndex, body.treeSize, proof, root),
    ).toBe(false);
    expect(verifyInclusion(leaf, body.leafIndex + 1, body.treeSize, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, body.leafIndex, body.treeSize, proof.slice(1), root)).toBe(false);
    expect(
      verifyInclusion(leaf, body.leafIndex, body.treeSize, proof, hashFromHex(flipped(latest.rootHash))),
    ).toBe(false);
  });

  it('proves that each later signed head extends the earlier ones', async () => {
    const sizes = [HEAD_EVERY_EVENTS, 2 * HEAD_EVERY_EVENTS, latest.treeSize];
    for (const [from, to] of [
      [sizes[0]!, sizes[1]!],
      [sizes[0]!, sizes[2]!],
      [sizes[1]!, sizes[2]!],
      [sizes[2]!, sizes[2]!],
    ] as const) {
      const { status, body } = await get(`/audit/proofs/consistency?from=${from}&to=${to}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ from, to, fromHead: { treeSize: from }, toHead: { treeSize: to } });
      expect(verifyTreeHead(body.fromHead, publicKeyPem) && verifyTreeHead(body.toHead, publicKeyPem)).toBe(
        true,
      );
      const ok = verifyConsistency(
        from,
        to,
        hashes(body.proof),
        hashFromHex(body.fromHead.rootHash),
        hashFromHex(body.toHead.rootHash),
      );
      expect(ok).toBe(true);
    }
  });

  it('fails verification for a tampered consistency proof or a rewritten old root', async () => {
    const from = HEAD_EVERY_EVENTS;
    const { body } = await get(`/audit/proofs/consistency?from=${from}&to=${latest.treeSize}`);
    const oldRoot = hashFromHex(body.fromHead.rootHash);
    const newRoot = hashFromHex(body.toHead.rootHash);
    const proof = hashes(body.proof);
    expect(verifyConsistency(from, latest.treeSize, proof, oldRoot, newRoot)).toBe(true);
    const tampered = hashes([...body.proof.slice(0, -1), flipped(body.proof.at(-1))]);
    expect(verifyConsistency(from, latest.treeSize, tampered, oldRoot, newRoot)).toBe(false);
    expect(
      verifyConsistency(from, latest.treeSize, proof, hashFromHex(flipped(body.fromHead.rootHash)), newRoot),
    ).toBe(false);
  });

  describe('errors, as problem details', () => {
    const expectProblem = (answer: HttpAnswer, status: number) => {
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      return answer.body;
    };

    it('answers 404 for an event the Merkle log does not hold', async () => {
      const body = expectProblem(await inclusion(randomUUID()), 404);
      expect(body.detail).toMatch(/not in the Merkle log yet/);
    });

    it('answers 400 for a malformed event id or tree size', async () => {
      const badId = expectProblem(await get('/audit/proofs/inclusion?eventId=not-a-uuid'), 400);
      expect(badId.errors[0].field).toBe('eventId');
      expectProblem(await get('/audit/proofs/inclusion'), 400);
      for (const size of ['abc', '-1', '1.5', '1e1', '01']) {
        const answer = await get(`/audit/proofs/inclusion?eventId=${eventIds[0]}&treeSize=${size}`);
        expect(expectProblem(answer, 400).errors[0].field).toBe('treeSize');
        expect(expectProblem(await get(`/audit/tree-heads/${size}`), 400).errors[0].field).toBe('size');
      }
      const consistency = await get(`/audit/proofs/consistency?from=x&to=${latest.treeSize}`);
      expect(expectProblem(consistency, 400).errors[0].field).toBe('from');
    });

    it('answers 400 when a consistency proof is asked from a larger to a smaller head', async () => {
      const body = expectProblem(await get(`/audit/proofs/consistency?from=10&to=5`), 400);
      expect(body.errors[0].field).toBe('to');
    });

    it('answers 404 for a size no head was signed for', async () => {
      const size = latest.treeSize + 1000;
      expect(expectProblem(await get(`/audit/tree-heads/${size}`), 404).detail).toContain(`size ${size}`);
      expectProblem(await inclusion(eventIds[0]!, `&treeSize=${size}`), 404);
      expectProblem(await get(`/audit/proofs/consistency?from=${HEAD_EVERY_EVENTS}&to=${size}`), 404);
      expectProblem(await get(`/audit/proofs/consistency?from=0&to=${HEAD_EVERY_EVENTS}`), 404);
    });

    it('answers 422 for a head that does not cover the event, naming one that does', async () => {
      const eventId = eventIds[eventIds.length - 1]!;
      const body = expectProblem(await inclusion(eventId, `&treeSize=${HEAD_EVERY_EVENTS}`), 422);
      expect(body.rule).toBe('tree-head-does-not-cover-event');
      expect(body.details).toEqual({
        leafIndex: eventIds.length - 1,
        treeSize: HEAD_EVERY_EVENTS,
        coveringTreeSize: latest.treeSize,
      });
      expect(body.detail).toContain(`treeSize=${latest.treeSize}`);
    });

    it('answers 401 without a token and 403 for a role without audit.read', async () => {
      const officer = await ledger.token(PARTICIPANT, 'officer');
      const paths = [
        '/audit/tree-heads/latest',
        `/audit/tree-heads/${HEAD_EVERY_EVENTS}`,
        `/audit/proofs/inclusion?eventId=${eventIds[0]}`,
        `/audit/proofs/consistency?from=${HEAD_EVERY_EVENTS}&to=${latest.treeSize}`,
      ];
      for (const path of paths) {
        expectProblem(await get(path, null), 401);
        expect(expectProblem(await get(path, officer), 403).permission).toBe('audit.read');
        expect((await get(path, await ledger.token('ncct', 'analyst'))).status).toBe(200);
      }
    });
  });
});

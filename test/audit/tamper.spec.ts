/**
 * Tampering with the stored log behind the ledger's back, with plain SQL, the way an insider with database access
 * would: `verify` must name each change exactly, `prove` must refuse a changed event, and the untouched ledger must
 * still pass. Each case works on its own copy of the ledger's tables.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { v7 as uuidv7 } from 'uuid';
import { createPostgresEventStore, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { eventHash, GENESIS_HASH, type SignedTreeHead } from '@ledger/ledger-integrity';
import { exportLedger, verifyExport } from '../../apps/auditor/src/export/export-ledger.js';
import { proveConsistency, proveEvent } from '../../apps/auditor/src/proofs/check-proofs.js';
import { verifyLedger } from '../../apps/auditor/src/verify/verify-ledger.js';
import { describeOnDatabases } from '../read-models/support.js';
import { auditedSeptember2022 } from './support.js';

const TABLES = ['events', 'tree_heads', 'tree_head_keys', 'merkle_leaves', 'merkle_nodes', 'merkle_state'];

describeOnDatabases('verify names every kind of tampering', (db) => {
  let schema: string;
  let original: EventStore;
  let log: RecordedEvent[];
  let heads: SignedTreeHead[];
  let tmp: string;
  const copies: string[] = [];

  beforeAll(async () => {
    const { sql } = db();
    schema = db().newSchema();
    tmp = await mkdtemp(join(tmpdir(), 'ledger-audit-'));
    const { store, audit } = await auditedSeptember2022(sql, schema, 4);
    original = store;
    log = await store.readAll();
    heads = await audit.heads.all();
  });

  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
    for (const copy of copies) await db().sql.query(`DROP SCHEMA IF EXISTS "${copy}" CASCADE`);
  });

  /** A copy of the ledger's tables (views copied as tables), and a store over it. */
  async function copyOfLedger(): Promise<{ copy: string; store: EventStore }> {
    const { sql } = db();
    const copy = db().newSchema();
    copies.push(copy);
    await sql.query(`CREATE SCHEMA "${copy}"`);
    for (const table of TABLES) {
      await sql.query(`CREATE TABLE "${copy}".${table} AS SELECT * FROM "${schema}".${table}`);
    }
    return { copy, store: await createPostgresEventStore(sql, { schema: copy }) };
  }

  const verify = (store: EventStore, on: string) =>
    verifyLedger({ store, sql: db().sql, schema: on, batchSize: 7 });

  it('passes on the untouched ledger, with every head checked and nothing left unsigned', async () => {
    const { store } = await copyOfLedger();
    const report = await verify(store, schema);
    expect(report).toMatchObject({
      valid: true,
      events: log.length,
      headsChecked: heads.length,
      unsignedEvents: 0,
    });
    expect(report.problems).toEqual([]);
    expect(log.length).toBeGreaterThan(12);
    expect(heads.length).toBeGreaterThan(3);
  });

  it('names an event whose payload lost one byte to an UPDATE', async () => {
    const { copy, store } = await copyOfLedger();
    const victim = log[9]!;
    // Changes one character of the stored JSON text: the first letter of the first key.
    await db().sql.query(
      `UPDATE "${copy}".events SET data = overlay(data::text placing 'Z' from 3 for 1)::jsonb WHERE position = $1`,
      [victim.position],
    );
    const report = await verify(store, copy);
    expect(report.valid).toBe(false);
    expect(report.problems[0]).toMatchObject({
      kind: 'altered',
      eventId: victim.eventId,
      streamId: victim.streamId,
      position: victim.position.toString(),
      index: 9,
    });
    // The ledger itself was not touched, and still passes.
    expect(await verify(original, schema)).toMatchObject({ valid: true });
  });

  it('names a deleted event', async () => {
    const { copy, store } = await copyOfLedger();
    const victim = log[6]!;
    await db().sql.query(`DELETE FROM "${copy}".events WHERE position = $1`, [victim.position]);
    const [first] = (await verify(store, copy)).problems;
    expect(first).toMatchObject({
      kind: 'deleted',
      eventId: victim.eventId,
      streamId: victim.streamId,
      revision: victim.revision,
      position: victim.position.toString(),
      index: 6,
    });
  });

  it('names two events whose positions were swapped', async () => {
    const { copy, store } = await copyOfLedger();
    const [a, b] = [log[3]!, log[11]!];
    const { sql } = db();
    await sql.query(`UPDATE "${copy}".events SET position = -1 WHERE position = $1`, [a.position]);
    await sql.query(`UPDATE "${copy}".events SET position = $1 WHERE position = $2`, [
      a.position,
      b.position,
    ]);
    await sql.query(`UPDATE "${copy}".events SET position = $1 WHERE position = -1`, [b.position]);
    const [first] = (await verify(store, copy)).problems;
    expect(first).toMatchObject({
      kind: 'reordered',
      eventId: b.eventId,
      position: a.position.toString(),
      index: 3,
    });
    expect(first!.message).toContain(a.eventId);
  });

  it('names a forged event slipped in between two others, even with a well-formed hash chain', async () => {
    const { copy, store } = await copyOfLedger();
    // Between two events of different appends: positions within one append are consecutive.
    const at = log.findIndex((e, i) => i > 4 && e.position - log[i - 1]!.position > 1n);
    const before = log[at - 1]!;
    const after = log[at]!;
    const forged = {
      eventId: uuidv7(),
      streamId: 'case-forged',
      type: 'CaseDismissed',
      schemaVersion: 1,
      data: { reason: 'never happened' },
      metadata: {},
    };
    const hash = eventHash({ ...forged, previousHash: GENESIS_HASH });
    const position = before.position + (after.position - before.position) / 2n;
    expect(position > before.position && position < after.position).toBe(true);
    await db().sql.query(
      `INSERT INTO "${copy}".events (position, stream_id, revision, event_id, type, schema_version, data, metadata,
         created_at, transaction_id, hash)
       VALUES ($1, $2, 0, $3, $4, 1, $5, '{}', $6, pg_current_xact_id(), decode($7, 'hex'))`,
      [
        position,
        forged.streamId,
        forged.eventId,
        forged.type,
        JSON.stringify(forged.data),
        before.createdAt,
        hash,
      ],
    );
    const [first] = (await verify(store, copy)).problems;
    expect(first).toMatchObject({
      kind: 'inserted',
      eventId: forged.eventId,
      streamId: 'case-forged',
      position: position.toString(),
      index: at,
    });
  });

  it('proves an untouched event against a trusted head and refuses it once altered', async () => {
    const { sql } = db();
    const { copy, store } = await copyOfLedger();
    const trustedHead = heads.at(-1)!;
    const target = log[5]!;
    expect(await proveEvent({ sql, schema, store, eventId: target.eventId, trustedHead })).toMatchObject({
      valid: true,
    });
    await sql.query(
      `UPDATE "${copy}".events SET metadata = metadata || '{"note":"x"}'::jsonb WHERE position = $1`,
      [target.position],
    );
    const refused = await proveEvent({ sql, schema: copy, store, eventId: target.eventId, trustedHead });
    expect(refused).toMatchObject({ valid: false });
    expect(refused.message).toMatch(/content was changed/);

    const [older, newer] = [heads[1]!, heads.at(-1)!];
    expect(
      await proveConsistency({
        sql,
        schema,
        size1: older.treeSize,
        size2: newer.treeSize,
        trustedHead: older,
      }),
    ).toMatchObject({ valid: true });
    // A head the ledger never signed: the auditor's "trusted" root differs from the ledger's history.
    const rewritten = { ...older, rootHash: 'ab'.repeat(32) };
    expect(
      (
        await proveConsistency({
          sql,
          schema,
          size1: older.treeSize,
          size2: newer.treeSize,
          trustedHead: rewritten,
        })
      ).valid,
    ).toBe(false);
  });

  it('exports the ledger to a file that verifies offline, and names an altered event in a changed file', async () => {
    const { sql } = db();
    const { store } = await copyOfLedger();
    const file = join(tmp, 'ledger.jsonl');
    expect(await exportLedger({ store, sql, schema, file })).toEqual({
      events: log.length,
      heads: heads.length,
    });
    expect(await verifyExport({ file })).toMatchObject({
      valid: true,
      events: log.length,
      headsChecked: heads.length,
    });

    const { copy, store: copyStore } = await copyOfLedger();
    const victim = log[2]!;
    await sql.query(`UPDATE "${copy}".events SET type = 'Tampered' WHERE position = $1`, [victim.position]);
    const altered = join(tmp, 'altered.jsonl');
    await exportLedger({ store: copyStore, sql, schema: copy, file: altered });
    const [first] = (await verifyExport({ file: altered })).problems;
    expect(first).toMatchObject({ kind: 'altered', eventId: victim.eventId, index: 2 });
  });
});

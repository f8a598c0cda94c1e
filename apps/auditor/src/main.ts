/**
 * The auditor's tool: checks the ledger without trusting its operators.
 *
 *   npm run auditor -- --help
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '@ledger/config';
import { createEventStore, type EventStore } from '@ledger/event-store';
import type { Problem, VerifyReport } from '@ledger/ledger-integrity';
import { createPgClient, createPgliteClient, type SqlClient } from '@ledger/sql';
import { exportLedger, verifyExport } from './export/export-ledger.js';
import { progressBar } from './progress.js';
import { parseTrustedHead, proveConsistency, proveEvent, type ProofCheck } from './proofs/check-proofs.js';
import {
  formatReplaySummary,
  replayAsOf,
  REPLAY_TIMES,
  writeReplaySummary,
  type ReplayTime,
} from './replay/index.js';
import { verifyLedger } from './verify/verify-ledger.js';

const HELP = `Coordination Ledger auditor

Usage: auditor <command> [options]

Commands:
  verify                      Read the whole log from the event store and check every stream's hash chain, the
                              Merkle root at every signed tree head and every head's signature. Names the first
                              event that was altered, deleted, inserted or reordered.
  verify --file <export>      The same, offline, on a file written by export.
  prove <eventId> --head <f>  Check that the event, as stored now, is in the tree of the trusted head in file f.
  consistency <size1> <size2> --head <f>
                              Check that the ledger's tree of size2 extends its tree of size1; one of the two
                              heads is the trusted one in file f.
  replay --as-of <time>       Rebuild the per-province and per-agency read models as they stood at <time> into a
                              separate schema, and print their figures.
  export --out <file>         Write the log with its signed heads and consistency proofs to a file verify can check.

Options:
  --public-key <file>         A public key (PEM) the auditor trusts; repeatable. Without it, the keys the ledger
                              publishes are used (and the report says so).
  --head <file>               A signed tree head the auditor trusts, as JSON (e.g. saved from GET /audit/tree-heads/latest).
  --time recorded|business    replay: by when the ledger recorded events (default) or when they happened.
  --schema <name>             replay: the schema to rebuild into (default: a new replay_… schema).
  --out <file>                export: the file to write; replay: also write the summary there as JSON.
  --json                      Print the result as JSON on stdout.
  -h, --help                  Show this help.

Connection: the ledger's own variables (DATABASE_URL, LEDGER_DB_SCHEMA, EVENT_STORE, KURRENTDB_URL); without
DATABASE_URL, the embedded database under LEDGER_DATA_DIR, once the ledger has stopped (it serves one process at a
time, and the auditor is refused while the ledger has it open).

Exit status: 0 when everything checks out, 1 when a check fails, 2 for a usage or connection error.`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      file: { type: 'string' },
      'public-key': { type: 'string', multiple: true },
      head: { type: 'string' },
      'as-of': { type: 'string' },
      time: { type: 'string' },
      schema: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const [command, ...args] = positionals;
  if (values.help || command === undefined || command === 'help') {
    console.log(HELP);
    return 0;
  }
  const json = values.json === true;
  const trustedKeys = values['public-key']
    ? await Promise.all(values['public-key'].map((file) => readFile(file, 'utf8')))
    : undefined;
  const keyOptions = trustedKeys ? { trustedKeys } : {};

  if (command === 'verify' && values.file !== undefined) {
    const progress = progressBar('verifying');
    const report = await verifyExport({
      file: values.file,
      parallel: true,
      ...keyOptions,
      onProgress: (done) => progress.update(done),
    });
    progress.done(report.events);
    return printVerify(report, json);
  }
  if (!['verify', 'prove', 'consistency', 'replay', 'export'].includes(command)) {
    throw new UsageError(`unknown command ${command}; see --help`);
  }
  const connection = await connect();
  try {
    const { sql, store, schema } = connection;
    switch (command) {
      case 'verify': {
        const progress = progressBar('verifying');
        const report = await verifyLedger({ store, sql, schema, ...keyOptions, onProgress: progress.update });
        progress.done(report.events, report.merkleLogSize);
        return printVerify(report, json);
      }
      case 'prove': {
        const [eventId] = args;
        if (eventId === undefined) throw new UsageError('prove needs an event id');
        const trustedHead = await readHead(values.head);
        return printProof(
          await proveEvent({ sql, schema, store, eventId, trustedHead, ...keyOptions }),
          json,
        );
      }
      case 'consistency': {
        const [size1, size2] = args.map(Number);
        if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2)) {
          throw new UsageError('consistency needs two tree sizes');
        }
        const trustedHead = await readHead(values.head);
        return printProof(
          await proveConsistency({ sql, schema, size1: size1!, size2: size2!, trustedHead, ...keyOptions }),
          json,
        );
      }
      case 'replay': {
        const asOf = new Date(values['as-of'] ?? '');
        if (values['as-of'] === undefined || Number.isNaN(asOf.getTime())) {
          throw new UsageError('replay needs --as-of <time>, e.g. 2022-09-20T00:00:00+07:00');
        }
        const time = (values.time ?? 'recorded') as ReplayTime;
        if (!REPLAY_TIMES.includes(time))
          throw new UsageError(`--time must be one of ${REPLAY_TIMES.join(', ')}`);
        const progress = progressBar('replaying');
        const summary = await replayAsOf({
          sql,
          store,
          asOf,
          time,
          ...(values.schema === undefined ? {} : { targetSchema: values.schema }),
          onProgress: progress.update,
        });
        progress.done(summary.events.read, summary.events.read);
        if (values.out !== undefined) await writeReplaySummary(values.out, summary);
        console.log(json ? JSON.stringify(summary, null, 2) : formatReplaySummary(summary));
        return 0;
      }
      case 'export': {
        if (values.out === undefined) throw new UsageError('export needs --out <file>');
        const progress = progressBar('exporting');
        const result = await exportLedger({
          store,
          sql,
          schema,
          file: values.out,
          onProgress: progress.update,
        });
        progress.done(result.events, result.events);
        console.log(
          json
            ? JSON.stringify({ file: values.out, ...result })
            : `wrote ${result.events} events and ${result.heads} signed heads to ${values.out}`,
        );
        return 0;
      }
    }
    return 2;
  } finally {
    await connection.close();
  }
}

async function connect(): Promise<{
  sql: SqlClient;
  store: EventStore;
  schema: string;
  close(): Promise<void>;
}> {
  const config = loadConfig();
  const sql =
    config.database.kind === 'server'
      ? createPgClient({ connectionString: config.database.url, max: 4 })
      : await createPgliteClient({ dataDir: config.database.dataDir });
  const store = await createEventStore(config.eventStore, sql, { schema: config.schema });
  return {
    sql,
    store,
    schema: config.schema,
    close: async () => {
      await store.close();
      await sql.close();
    },
  };
}

async function readHead(file: string | undefined) {
  if (file === undefined) throw new UsageError('--head <file> is required: the tree head you trust');
  return parseTrustedHead(await readFile(file, 'utf8'));
}

function printVerify(report: VerifyReport & { keys: 'trusted' | 'published' }, json: boolean): number {
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return report.valid ? 0 : 1;
  }
  const lines = [
    `${report.events} events in ${report.streams} streams; ${report.headsChecked} signed heads checked` +
      ` (${report.keys === 'trusted' ? 'with your keys' : "with the ledger's published keys"}); root ${report.rootHash}`,
  ];
  if (report.unsignedEvents > 0)
    lines.push(`${report.unsignedEvents} newest events are not covered by a signed head yet`);
  if (report.valid) {
    lines.push('OK: every hash chain, Merkle root and signature checks out');
  } else {
    const [first] = report.problems as [Problem];
    lines.push(`FAILED: ${first.kind.toUpperCase()}: ${first.message}`);
    if (first.position !== undefined) {
      lines.push(
        `  first bad event: position ${first.position}, stream ${first.streamId}, revision ${first.revision}`,
      );
    }
    for (const problem of report.problems.slice(1, 10))
      lines.push(`  then ${problem.kind}: ${problem.message}`);
    if (report.problems.length > 10) lines.push(`  … ${report.problems.length - 10} more`);
  }
  console.log(lines.join('\n'));
  return report.valid ? 0 : 1;
}

function printProof(check: ProofCheck, json: boolean): number {
  console.log(json ? JSON.stringify(check, null, 2) : `${check.valid ? 'OK' : 'FAILED'}: ${check.message}`);
  return check.valid ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A usage, configuration or connection error: nothing was checked.
    console.error(`auditor: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);

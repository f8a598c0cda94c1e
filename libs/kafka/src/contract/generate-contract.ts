/**
 * Generates libs/kafka/asyncapi.yaml from the event types: `npm run contract`.
 * Development only: ts-json-schema-generator, yaml and prettier are devDependencies.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LATEST_SCHEMA_VERSIONS, LEDGER_EVENT_TYPES, type LedgerEventType } from '@ledger/domain';
import * as prettier from 'prettier';
import { createGenerator } from 'ts-json-schema-generator';
import { stringify } from 'yaml';
import {
  buildAsyncApiDocument,
  type AsyncApiDocument,
  type EventDataSchema,
  type JsonSchema,
} from './asyncapi.js';
import { CONTRACT_PATH } from './contract-file.js';

const DOMAIN = new URL('../../../domain/', import.meta.url);
const KAFKA_PACKAGE = new URL('../../package.json', import.meta.url);

const HEADER = '# Generated from the event types by `npm run contract`: do not edit.\n';

/**
 * The schema of every event type's `data`, from the `LedgerEvent` union. Each TypeScript type
 * describes the latest version of its event, so its `schemaVersion` must be the latest the lifts make.
 */
export function generateEventDataSchemas(): EventDataSchema[] {
  const generator = createGenerator({
    path: fileURLToPath(new URL('src/ledger-events.ts', DOMAIN)),
    tsconfig: fileURLToPath(new URL('tsconfig.json', DOMAIN)),
    type: 'LedgerEvent',
    // Inlined, not in `definitions`: each data schema gets its own $id, which would rebase the refs.
    expose: 'none',
    topRef: false,
    // tsc checks the sources already; parsing only keeps the generation at about a second.
    skipTypeCheck: true,
  });
  const union = generator.createSchema('LedgerEvent') as JsonSchema;
  const members = (Array.isArray(union.anyOf) ? union.anyOf : [union]) as JsonSchema[];

  const generated = new Map<string, EventDataSchema>();
  for (const member of members) {
    const properties = (member.properties ?? {}) as Record<string, JsonSchema | undefined>;
    const type = properties.type?.const;
    const schemaVersion = properties.schemaVersion?.const;
    const data = properties.data;
    if (typeof type !== 'string' || typeof schemaVersion !== 'number' || !data) {
      throw new Error('a member of LedgerEvent has no literal type, literal schemaVersion or data');
    }
    if (!LEDGER_EVENT_TYPES.includes(type as LedgerEventType)) {
      throw new Error(`LedgerEvent has a member ${type} that LEDGER_EVENT_TYPES does not list`);
    }
    const latest = LATEST_SCHEMA_VERSIONS.get(type);
    if (schemaVersion !== latest) {
      throw new Error(
        `the type of ${type} is at schemaVersion ${schemaVersion}, the lifts make v${latest} the latest`,
      );
    }
    generated.set(type, { type: type as LedgerEventType, schemaVersion, schema: data });
  }
  return LEDGER_EVENT_TYPES.map((type) => {
    const schema = generated.get(type);
    if (!schema)
      throw new Error(`no schema generated for event type ${type}: it is not a member of LedgerEvent`);
    return schema;
  });
}

export function generateContract(): AsyncApiDocument {
  const { version } = JSON.parse(readFileSync(KAFKA_PACKAGE, 'utf8')) as { version: string };
  return buildAsyncApiDocument({ version, dataSchemas: generateEventDataSchemas() });
}

/** The document as committed: YAML, formatted the way `prettier --check` wants it. */
export async function renderContract(document: AsyncApiDocument): Promise<string> {
  const yaml = HEADER + stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
  const options = await prettier.resolveConfig(CONTRACT_PATH);
  return prettier.format(yaml, { ...options, filepath: CONTRACT_PATH });
}

export async function writeContract(path: string = CONTRACT_PATH): Promise<void> {
  writeFileSync(path, await renderContract(generateContract()));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  await writeContract();
  console.log(`wrote ${CONTRACT_PATH} in ${Math.round(performance.now() - started)} ms`);
}

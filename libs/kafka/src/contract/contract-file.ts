import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AsyncApiDocument } from './asyncapi.js';

/** The committed contract, `libs/kafka/asyncapi.yaml` (the same path from src/ and from dist/). */
export const CONTRACT_PATH = fileURLToPath(new URL('../../asyncapi.yaml', import.meta.url));

/** Reads the committed AsyncAPI document; the contract spec keeps it equal to what the event types generate. */
export async function loadContract(path: string = CONTRACT_PATH): Promise<AsyncApiDocument> {
  // yaml is a devDependency: imported on call, so that importing this module needs no more than the runtime does.
  const { parse } = await import('yaml');
  return parse(await readFile(path, 'utf8')) as AsyncApiDocument;
}

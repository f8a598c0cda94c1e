// The contract without its generator: ts-json-schema-generator is needed only by generate-contract.ts.
export {
  ASYNCAPI_VERSION,
  buildAsyncApiDocument,
  dataSchemaName,
  KAFKA_BINDING_VERSION,
  METADATA_SCHEMA_NAME,
  schemaFor,
  type AsyncApiChannel,
  type AsyncApiDocument,
  type AsyncApiMessage,
  type AsyncApiOperation,
  type AsyncApiReference,
  type EventDataSchema,
  type JsonSchema,
  type MessageSchemas,
} from './asyncapi.js';
export { CONTRACT_PATH, loadContract } from './contract-file.js';

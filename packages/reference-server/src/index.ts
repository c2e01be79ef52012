export { startReferenceServer } from './start-reference-server';
export type { ReferenceServer, ReferenceServerOptions } from './start-reference-server';
export { REFERENCE_SERVER_DEFECTS, isDefectId, parseDefectIds } from './defects';
export type { DefectId, ReferenceServerDefect } from './defects';
export { loadServerBlueprint } from './blueprint-rules';
export type { ServerBlueprint } from './blueprint-rules';
export type { ClientAlgorithm, ClientRegistration, TestClient } from './auth/clients';
export type { ReferenceServerLogger } from './server/context';
export { FIXTURE_GROUP_ID } from './seed';
export type { SeedSummary } from './seed';
export { REFERENCE_SERVER_ERROR_CODES, ReferenceServerError } from './errors';
export type { ReferenceServerErrorCode } from './errors';
export { createSqliteStore } from './storage/sqlite-store';
export type { SqliteStoreOptions } from './storage/sqlite-store';
export type {
  PutInput,
  ResourceRecord,
  ResourceStore,
  StoreWriter,
  StoredVersion,
  WithheldReason,
} from './storage/store';

export type { AuthContext, AuthProvider, FormPostResponse } from './auth/auth-provider';
export { bearerToken } from './auth/auth-provider';
export type {
  ClientAssertionAlgorithm,
  ClientAssertionOptions,
  SigningKeyInput,
} from './auth/client-assertion';
export {
  CLIENT_ASSERTION_ALGORITHMS,
  createClientAssertion,
  importSigningKey,
  isClientAssertionAlgorithm,
  signJwt,
} from './auth/client-assertion';
export type { SignedJwtClientCredentialsOptions } from './auth/signed-jwt-client-credentials';
export { signedJwtClientCredentials } from './auth/signed-jwt-client-credentials';
export type {
  BulkExportDownloadOptions,
  BulkExportFile,
  BulkExportManifest,
  BulkExportManifestResult,
  BulkExportProgress,
  BulkExportStatus,
  BulkExportWaitOptions,
} from './bulk-export';
export { BulkExportJob, parseBulkExportManifest } from './bulk-export';
export type {
  BulkExportOptions,
  CreateOptions,
  DeleteResult,
  FhirClientOptions,
  HistoryTarget,
  OperationCall,
  PageOptions,
  PreferReturn,
  ResponseInfo,
  SearchOptions,
  UpdateOptions,
  WriteOptions,
  WriteResult,
} from './client';
export { FhirClient, getResponseInfo } from './client';
export type {
  ClientErrorCode,
  ClientErrorOptions,
  FhirServerErrorDetails,
  RequestDescription,
} from './errors';
export {
  AbortedError,
  AuthError,
  CLIENT_ERROR_CODES,
  ConfigError,
  FhirResponseError,
  FhirServerError,
  InternalError,
  LhcrClientError,
  LimitExceededError,
  NetworkError,
  TimeoutError,
  isLhcrClientError,
  toLhcrError,
} from './errors';
export type {
  ClientHooks,
  Exchange,
  ExchangeKind,
  ExchangeRequest,
  ExchangeResponse,
} from './exchange';
export type { RequestOptions } from './internal/transport';
export type { PurposeOfUseCode, PurposeOfUseOptions, ResolvedPurposeOfUse } from './purpose-of-use';
export {
  DEFAULT_PURPOSE_OF_USE_CLAIM,
  DEFAULT_PURPOSE_OF_USE_HEADER,
  PURPOSE_OF_USE_CODES,
  PURPOSE_OF_USE_SYSTEM,
  resolvePurposeOfUse,
} from './purpose-of-use';
export {
  REDACTED,
  maskNhsNumbers,
  redactExchange,
  redactPatientData,
  redactSearchUrl,
  redactText,
  redactUrl,
} from './redaction';
export type { ResolvedRetryOptions, RetryOptions } from './retry';
export { backoffDelay, parseRetryAfter, resolveRetryOptions } from './retry';
export type { SearchParams, SearchValue } from './search-params';

import { FhirPackageError } from '../../packages/fhir-package-error';

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code: unknown = error.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns a file-system error into a {@link FhirPackageError}: `not-found` for a missing path,
 * `io` for anything else. `expected` says what should have been there.
 */
export function toFsError(error: unknown, path: string, expected: string): FhirPackageError {
  const code = errnoCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new FhirPackageError('not-found', `${path} does not exist; expected ${expected}`, {
      path,
      cause: error,
    });
  }
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'it is a folder'
        : (code ?? 'unknown error');
  return new FhirPackageError('io', `${path} could not be read (${reason}); expected ${expected}`, {
    path,
    cause: error,
  });
}

/** Whether an error says the path does not exist. */
export function isMissing(error: unknown): boolean {
  const code = errnoCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

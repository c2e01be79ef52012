import { FhirServerError } from '@lhcr/client';

/** Whether a thrown value is a {@link FhirServerError} (a non-2xx reply to a typed call). */
export function isFhirServerError(value: unknown): value is FhirServerError {
  return value instanceof FhirServerError;
}

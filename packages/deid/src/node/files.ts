import { OptOutError } from '@lhcr/optout';
import { openOutputFile, readTextChunks } from '@lhcr/optout/node';
import type { OutputFile } from '@lhcr/optout/node';
import { DeidError } from '../errors';

/** Turns the opt-out package's file errors into this package's. */
function rethrow(error: unknown): never {
  if (error instanceof OptOutError && (error.code === 'io' || error.code === 'limit')) {
    throw new DeidError(error.code, error.message, { cause: error });
  }
  throw error;
}

/** Reads a UTF-8 file in chunks (a byte-order mark dropped); errors become `DeidError` `io`. */
export async function* textChunks(path: string): AsyncGenerator<string> {
  try {
    yield* readTextChunks(path);
  } catch (error) {
    rethrow(error);
  }
}

/** Opens an output file written through `<path>.partial` (renamed on commit). */
export async function openOutput(path: string): Promise<OutputFile> {
  try {
    const file = await openOutputFile(path);
    return {
      write: (text) => file.write(text).catch(rethrow),
      commit: () => file.commit().catch(rethrow),
      abort: () => file.abort(),
      bytes: () => file.bytes(),
    };
  } catch (error) {
    rethrow(error);
  }
}

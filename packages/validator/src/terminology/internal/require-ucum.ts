import { createRequire } from 'node:module';
import type { UcumLhcUtils } from '@lhncbc/ucum-lhc';
import type { UcumValidator } from '../ucum';

const require = createRequire(import.meta.url);

/** Loads the UCUM library synchronously on Node, when a UCUM code is first checked. */
export function requireUcum(): UcumValidator {
  const ucum = require('@lhncbc/ucum-lhc') as { UcumLhcUtils: typeof UcumLhcUtils };
  return ucum.UcumLhcUtils.getInstance() as UcumValidator;
}

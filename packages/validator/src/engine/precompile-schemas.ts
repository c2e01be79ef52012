import type { CompactModel } from '../model/r4-model-types';
import { ValidationEngine } from './engine';
import { standaloneCodeOf } from './internal/ajv-package';
import { schemaId } from './json-schemas';
import { PRECOMPILED_EXPORT } from './precompiled-schemas';

/**
 * Compiles the schema of every type of the model and returns each one's standalone code by
 * schema id, for `PrecompiledSchemas`. Each type's code stands alone: schemas refer to one
 * another through `fhirLazyRef`, which finds the other type's validator at run time.
 *
 * @example
 * const code = precompileTypeSchemas(R4_MODEL);
 * code.get('urn:lhcr:fhir:Patient'); // '"use strict";exports["validate"] = validate10;…'
 */
export function precompileTypeSchemas(
  model: CompactModel,
  types: readonly string[] = Object.keys(model.types),
): Map<string, string> {
  // Only the code is kept, so the invariant compiler is never called.
  const engine = new ValidationEngine(
    model,
    {
      compileInvariant: () => {
        throw new Error('Precompiling needs no invariants');
      },
    },
    { keepSource: true },
  );
  const out = new Map<string, string>();
  for (const type of types) {
    const id = schemaId(type);
    const validate = engine.schemaValidator(id);
    if (validate === undefined) throw new Error(`No schema for ${type}`);
    out.set(id, standaloneCodeOf(engine.ajvInstance, { [PRECOMPILED_EXPORT]: id }));
  }
  return out;
}

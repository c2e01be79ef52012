import { dirname, join } from 'node:path';
import ts from 'typescript';

/** Where the in-memory modules live: beside `src/index.ts`, so `../index` is `@lhcr/models`. */
const VIRTUAL_DIR = join(import.meta.dirname, '..', '..', '__virtual__');

/** The import that in-memory modules use for the base types. */
export const BASE_IMPORT = '../index';

/** Compiler options of the repository (tsconfig.base.json), declaration files checked too. */
const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2023.d.ts'],
  module: ts.ModuleKind.Preserve,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: false,
  noEmit: true,
  types: [],
};

/**
 * Type-checks in-memory modules (file name → source) against the models sources and returns the
 * diagnostics of each, formatted as `file(line,col): message`. One program checks them all.
 */
export function compileModules(
  modules: Readonly<Record<string, string>>,
  options: ts.CompilerOptions = {},
): Map<string, string[]> {
  const files = new Map(
    Object.entries(modules).map(([name, text]) => [join(VIRTUAL_DIR, name), text]),
  );
  const compilerOptions = { ...OPTIONS, ...options };
  const host = ts.createCompilerHost(compilerOptions);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.fileExists = (name) => files.has(name) || fileExists(name);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.getSourceFile = (name, language, onError) => {
    const text = files.get(name);
    return text === undefined
      ? getSourceFile(name, language, onError)
      : ts.createSourceFile(name, text, language);
  };
  host.directoryExists = (name) =>
    name === VIRTUAL_DIR || name === dirname(VIRTUAL_DIR) || ts.sys.directoryExists(name);
  const program = ts.createProgram([...files.keys()], compilerOptions, host);
  const out = new Map<string, string[]>();
  for (const [path] of files) {
    const source = program.getSourceFile(path);
    const diagnostics =
      source === undefined
        ? [`${path} was not compiled`]
        : [
            ...program.getSyntacticDiagnostics(source),
            ...program.getSemanticDiagnostics(source),
          ].map((d) => {
            const { line, character } = source.getLineAndCharacterOfPosition(d.start ?? 0);
            const message = ts.flattenDiagnosticMessageText(d.messageText, ' | ');
            return `${path.slice(VIRTUAL_DIR.length + 1)}(${line + 1},${character + 1}): ${message}`;
          });
    out.set(path.slice(VIRTUAL_DIR.length + 1), diagnostics);
  }
  return out;
}

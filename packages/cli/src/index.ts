export { main } from './main';
export { EXIT } from './exit-codes';
export type { ExitCode } from './exit-codes';
export type { CliIo } from './cli-io';

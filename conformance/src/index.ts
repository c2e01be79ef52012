export * from './engine/outcome';
export * from './engine/fact';
export * from './engine/conformance-test';
export * from './engine/errors';
export * from './engine/recorded-exchange';
export * from './engine/run-suite';

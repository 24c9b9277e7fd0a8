// Public surface of the storage layer.
export { openStore, type StoreTarget } from './connect.js';
export { Store } from './store.js';
export { Repos } from './repos/index.js';
export * from './repos/index.js';
export { SchemaTooNewError, type MigrationStatus } from './migrate.js';
export { DataDirBusyError } from './data-dir-lock.js';
export type { BackendKind } from './types.js';

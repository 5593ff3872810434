export * from './providers';
export * from './key-workflows';
export * from './key-progress';
export * from './workflow-ids';
export * from './error-codes';
export * from './roles';

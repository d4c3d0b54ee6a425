export * from './errors';
export * from './link-type';
export * from './scopes';
export * from './events';
export * from './redirect-policy';
export * from './policy';
export * from './json-diff';
export * from './user';

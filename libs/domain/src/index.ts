export * from './errors';
export * from './link-type';
export * from './scopes';
export * from './events';
export * from './redirect-policy';
export * from './policy';

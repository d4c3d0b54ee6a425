export * from './load-config';
export * from './common.config';
export * from './process.config';
export * from './redis-url';

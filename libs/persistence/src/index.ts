export * from './entities';
export * from './data-source';
export * from './migrate';
export * from './persistence.module';
export * from './repositories/event-outbox';
export * from './repositories/tenant-policy';
export * from './prepared-query';
export * from './repositories/cursor';

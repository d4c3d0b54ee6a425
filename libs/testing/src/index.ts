/**
 * Test helpers, for specs only (lint refuses them elsewhere). Specs of a process that must not load
 * Postgres code (the gateway) import a sub-path entry instead of this index: `@sesame/testing/redis`,
 * `/fakes`, `/events`; `/database` and `/stack` bring persistence and the compiled processes with them.
 */
export * from './test-database';
export * from './generic-plan';
export * from './webhook-receiver';
export * from './free-port';
export * from './fake-sendgrid';
export * from './stack';
export * from './api-client';
export * from './fake-twilio';
export * from './event-schemas';
export * from './redis-server';
export * from './otlp-receiver';
export * from './redis-topology';
export * from './test-redis';
export * from './observability-queries';

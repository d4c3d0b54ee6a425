import { processRedisProviders } from '@sesame/messaging';

/** The process's one Redis connection, shared by the BullMQ queue, the worker and the health check. */
export const SCHEDULER_REDIS = Symbol('SCHEDULER_REDIS');

/** The connection and its closer, which quits it after the worker and queue have closed (in onModuleDestroy). */
export const schedulerRedisProviders = processRedisProviders({ token: SCHEDULER_REDIS, name: 'scheduler' });

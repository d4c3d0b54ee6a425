import { processRedisProviders } from '@sesame/messaging';

/** The process's one Redis connection, shared by the BullMQ worker and the health check. */
export const MAIL_REDIS = Symbol('MAIL_REDIS');

/** The connection and its closer, which quits it after the worker has closed (in onModuleDestroy). */
export const mailRedisProviders = processRedisProviders({ token: MAIL_REDIS, name: 'mail-worker' });

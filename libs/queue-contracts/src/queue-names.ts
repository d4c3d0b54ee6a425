/**
 * Every BullMQ queue name, in one place.
 * WARNING: renaming a queue strands the jobs already waiting in Redis under the old name.
 * Add a new name and drain the old queue before removing it.
 */
export const QUEUES = {
  mail: 'mail',
  webhooks: 'webhooks',
  scheduler: 'scheduler',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

import { TEST_REDIS_URL } from '@sesame/testing/redis';
import { closeProducerQueues, openOutboxQueues, ProducerQueue } from './producer-queue';
import { createRedis, RedisConnection } from './redis';

const keyspace = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: 'producer-queue-spec' };

/**
 * A process stopped right after it started, `runs` times: its queues are closed while BullMQ still
 * sets them up, and the connection quits meanwhile (the QUIT lands at a different step each run).
 * With a plain BullMQ queue the failed set-up is re-emitted as an 'error' on a connection whose
 * listeners close() already removed: an unhandled error, which fails the suite (as it did in CI,
 * and as this test does when ProducerQueue's close() is reverted to BullMQ's).
 */
async function stopRightAfterStart(open: (redis: RedisConnection) => ProducerQueue[], runs: number): Promise<void> {
  for (let run = 0; run < runs; run += 1) {
    const redis = createRedis(TEST_REDIS_URL, { name: 'producer-queue-spec' });
    await new Promise((resolve) => redis.once('ready', resolve));
    const queues = open(redis);
    for (let turn = 0; turn < run % 13; turn += 1) await null;
    const closing = closeProducerQueues(queues);
    for (let turn = 0; turn < run % 5; turn += 1) await null;
    await redis.quit().catch(() => undefined);
    await closing;
  }
  // Lets any late rejection surface before the test ends.
  await new Promise((resolve) => setTimeout(resolve, 200));
}

describe('ProducerQueue', () => {
  const errors: unknown[] = [];
  const logger = { debug: (obj: object) => void errors.push((obj as { err?: unknown }).err) };

  it('closes without an unhandled error while its connection quits during BullMQ set-up', async () => {
    await stopRightAfterStart((redis) => [...openOutboxQueues({ redis, keyspace, logger }).values()], 150);
  }, 30_000);

  it('adds jobs under the deployment prefix and logs its connection errors (debug)', async () => {
    const redis = createRedis(TEST_REDIS_URL, { name: 'producer-queue-spec' });
    const [mail] = [...openOutboxQueues({ redis, keyspace, logger }).values()] as ProducerQueue[];
    const job = await mail.add('probe', {});
    expect(await redis.exists(`${mail.opts.prefix}:mail:${job.id}`)).toBe(1);
    await mail.obliterate({ force: true });
    mail.emit('error', new Error('probe error'));
    expect(errors).toContain('probe error');
    await closeProducerQueues([mail]);
    await redis.quit();
  });
});

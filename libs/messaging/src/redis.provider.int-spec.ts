import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type Redis from 'ioredis';
import { CONFIG } from '@sesame/observability';
import { TEST_REDIS_URL } from '@sesame/testing/redis';
import { processRedisProviders } from './redis.provider';

const REDIS_URL = TEST_REDIS_URL;
const PROCESS_REDIS = Symbol('PROCESS_REDIS');
const QUEUE = Symbol('QUEUE');

describe('processRedisProviders (real Redis, through Nest)', () => {
  it('names the connection after the process and quits it on shutdown, after closing its users', async () => {
    const order: string[] = [];
    @Module({
      providers: [
        { provide: CONFIG, useValue: { REDIS_URL } },
        {
          provide: QUEUE,
          inject: [PROCESS_REDIS],
          useFactory: (redis: Redis) => ({ close: async () => void order.push(`queue closed, redis ${redis.status}`) }),
        },
        ...processRedisProviders({ token: PROCESS_REDIS, name: 'redis-provider-spec', closeFirst: [QUEUE] }),
      ],
    })
    class RedisTestModule {}
    const app = await NestFactory.createApplicationContext(RedisTestModule, { logger: false });
    const redis = app.get<Redis>(PROCESS_REDIS);

    expect(await redis.client('GETNAME')).toBe('redis-provider-spec');
    expect(redis.options.maxRetriesPerRequest).toBeNull();

    await app.close();
    expect(order).toEqual(['queue closed, redis ready']);
    expect(redis.status).toBe('end');
  });
});

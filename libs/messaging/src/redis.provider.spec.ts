import { EventEmitter } from 'node:events';
import type Redis from 'ioredis';
import { RedisCloser, RedisUser } from './redis.provider';

/** Enough of an ioredis connection for the closer: status, quit, disconnect and the `end` event. */
class FakeRedis extends EventEmitter {
  status = 'ready';
  readonly calls: string[] = [];

  constructor(private readonly quitAnswers: boolean) {
    super();
  }

  quit(): Promise<'OK'> {
    this.calls.push('quit');
    if (!this.quitAnswers) return new Promise(() => undefined);
    setImmediate(() => this.end());
    return Promise.resolve('OK');
  }

  disconnect(): void {
    this.calls.push('disconnect');
    this.end();
  }

  private end(): void {
    if (this.status === 'end') return;
    this.status = 'end';
    this.emit('end');
  }
}

describe('RedisCloser', () => {
  it('closes the connection users first, then quits and waits for the connection to end', async () => {
    const redis = new FakeRedis(true);
    const queue: RedisUser = { close: async () => void redis.calls.push('queue.close') };
    await new RedisCloser(redis as unknown as Redis, [queue]).beforeApplicationShutdown();
    expect(redis.calls).toEqual(['queue.close', 'quit']);
    expect(redis.status).toBe('end');
  });

  it('does nothing to a connection that has already ended', async () => {
    const redis = new FakeRedis(true);
    redis.status = 'end';
    await new RedisCloser(redis as unknown as Redis).beforeApplicationShutdown();
    expect(redis.calls).toEqual([]);
  });

  it('drops the connection when QUIT gets no answer (Redis down) instead of hanging shutdown', async () => {
    const redis = new FakeRedis(false);
    const started = Date.now();
    await new RedisCloser(redis as unknown as Redis).beforeApplicationShutdown();
    expect(redis.calls).toEqual(['quit', 'disconnect']);
    expect(Date.now() - started).toBeLessThan(4000);
  });
});

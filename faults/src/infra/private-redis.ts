import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from '@sesame/testing';

/**
 * A redis-server of the suite's own on a free loopback port, so stopping or flushing it touches no
 * other test suite. Append-only file on, so a stop and start keeps the data (as a production Redis
 * with persistence would); FLUSHALL is the "Redis came back empty" fault.
 */
export class PrivateRedis {
  private child?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'sesame-faults-redis-'));

  private constructor(readonly port: number, private readonly policy: string) {}

  static async start(policy = 'noeviction'): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort(), policy);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    const args = [
      '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '',
      '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', this.policy, '--protected-mode', 'no',
    ];
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    const started = Date.now();
    while (!(await this.ping())) {
      if (!this.running) throw new Error(`redis-server on port ${this.port} exited at start`);
      if (Date.now() - started > 10_000) throw new Error(`redis-server on port ${this.port} did not answer within 10 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGTERM: Redis writes its append-only file and exits. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  async command<T = unknown>(...args: [string, ...(string | number)[]]): Promise<T> {
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    client.on('error', () => undefined); // the rejected command says it
    try {
      await client.connect();
      return (await client.call(...args)) as T;
    } finally {
      client.disconnect();
    }
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async ping(): Promise<boolean> {
    try {
      return (await this.command<string>('PING')) === 'PONG';
    } catch {
      return false;
    }
  }
}

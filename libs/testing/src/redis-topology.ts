import { ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { testEnv } from './test-env';

const run = promisify(execFile);
const READY_MS = 20_000;

/** Redis processes of one test, on loopback ports, with their own temp directory. */
export interface RedisTopology {
  /** REDIS_URL for Sesame: `redis+cluster://…` or `redis+sentinel://…?name=…`. */
  url: string;
  /** Ports of the data nodes (cluster masters; sentinel: master first, then the replica). */
  ports: number[];
  /** Runs a command on one node (by port) and returns its reply as redis-cli prints it. */
  cli(port: number, ...args: string[]): Promise<string>;
  /** Kills every process and removes the temp directory. */
  stop(): Promise<void>;
}

export interface RedisSentinelTopology extends RedisTopology {
  masterName: string;
  sentinelPorts: number[];
}

/**
 * A Redis Cluster of `masters` (3 by default, the minimum redis-cli accepts) and no replicas, made
 * with `redis-cli --cluster create`. No persistence, `noeviction` as Sesame requires. Needs
 * redis-server and redis-cli on PATH (REDIS_SERVER / REDIS_CLI override).
 */
export async function startRedisCluster(opts: { masters?: number } = {}): Promise<RedisTopology> {
  const group = new ProcessGroup('sesame-cluster-');
  try {
    const ports: number[] = [];
    for (let i = 0; i < (opts.masters ?? 3); i++) {
      // The bus port is normally port + 10000, which nobody checked was free: pick it too.
      const [port, busPort] = [await freePort(), await freePort()];
      ports.push(port);
      group.spawn(`node-${port}`, [
        ...dataNodeArgs(port, group.dir),
        '--cluster-enabled', 'yes', '--cluster-port', String(busPort),
        '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000',
      ]);
    }
    await Promise.all(ports.map((port) => group.waitPing(port)));
    await group.cli(ports[0], '--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes');
    // `create` returns once slots are assigned; every node must agree before clients connect.
    await group.until(async () => {
      const states = await Promise.all(ports.map((p) => group.cli(p, 'CLUSTER', 'INFO')));
      return states.every((s) => s.includes('cluster_state:ok'));
    }, 'cluster_state:ok on every node');
    return group.topology(`redis+cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`, ports);
  } catch (err) {
    await group.stop();
    throw err;
  }
}

/**
 * A master, one replica and `sentinels` (1 by default, up to 3) monitoring it as `mymaster`, with
 * quorum 1 so a single sentinel can fail over. Sentinel runs as `redis-server <conf> --sentinel`,
 * so no separate redis-sentinel binary is needed.
 */
export async function startRedisSentinel(opts: { sentinels?: number } = {}): Promise<RedisSentinelTopology> {
  const group = new ProcessGroup('sesame-sentinel-');
  const masterName = 'mymaster';
  try {
    const [master, replica] = [await freePort(), await freePort()];
    group.spawn('master', dataNodeArgs(master, group.dir));
    group.spawn('replica', [...dataNodeArgs(replica, group.dir), '--replicaof', '127.0.0.1', String(master)]);
    await Promise.all([master, replica].map((port) => group.waitPing(port)));
    await group.until(async () => (await group.cli(replica, 'INFO', 'replication')).includes('master_link_status:up'), 'replica in sync');

    const sentinelPorts: number[] = [];
    for (let i = 0; i < Math.min(3, Math.max(1, opts.sentinels ?? 1)); i++) {
      const port = await freePort();
      sentinelPorts.push(port);
      // Sentinel rewrites its config file as it learns the topology: each needs its own.
      const conf = join(group.dir, `sentinel-${port}.conf`);
      writeFileSync(conf, [
        `port ${port}`, 'bind 127.0.0.1', `dir ${group.dir}`,
        `sentinel monitor ${masterName} 127.0.0.1 ${master} 1`,
        `sentinel down-after-milliseconds ${masterName} 2000`,
        `sentinel failover-timeout ${masterName} 10000`,
      ].join('\n') + '\n');
      group.spawn(`sentinel-${port}`, [conf, '--sentinel']);
    }
    await Promise.all(sentinelPorts.map((port) => group.waitPing(port)));
    await group.until(async () => {
      const addrs = await Promise.all(sentinelPorts.map((p) => group.cli(p, 'SENTINEL', 'get-master-addr-by-name', masterName)));
      return addrs.every((a) => a.includes(String(master)));
    }, 'every sentinel knows the master');
    const url = `redis+sentinel://${sentinelPorts.map((p) => `127.0.0.1:${p}`).join(',')}?name=${masterName}`;
    return { ...group.topology(url, [master, replica]), masterName, sentinelPorts };
  } catch (err) {
    await group.stop();
    throw err;
  }
}

function dataNodeArgs(port: number, dir: string): string[] {
  return ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'];
}

// If jest dies without running afterAll, do not leave redis-servers behind.
const live = new Set<ChildProcess>();
process.on('exit', () => live.forEach((child) => child.kill('SIGKILL')));

class ProcessGroup {
  readonly dir: string;
  private readonly children: { name: string; child: ChildProcess; output: string[] }[] = [];

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  spawn(name: string, args: string[]): void {
    const child = spawn(testEnv.redisServer, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    const keep = (d: Buffer) => output.push(String(d)) > 50 && output.shift();
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.children.push({ name, child, output });
    live.add(child);
    child.once('exit', () => live.delete(child));
  }

  async cli(port: number, ...args: string[]): Promise<string> {
    const { stdout } = await run(testEnv.redisCli, ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 15_000 });
    return stdout;
  }

  waitPing(port: number): Promise<void> {
    return this.until(async () => (await this.cli(port, 'PING')).trim() === 'PONG', `redis on port ${port} answering PING`);
  }

  async until(check: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + READY_MS;
    let last = '';
    for (;;) {
      const dead = this.children.find((c) => c.child.exitCode !== null);
      if (dead) throw new Error(`${dead.name} exited (${dead.child.exitCode}): ${dead.output.join('').slice(-500)}`);
      try {
        if (await check()) return;
      } catch (err) {
        last = err instanceof Error ? err.message : String(err);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  topology(url: string, ports: number[]): RedisTopology {
    return { url, ports, cli: (port, ...args) => this.cli(port, ...args), stop: () => this.stop() };
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}

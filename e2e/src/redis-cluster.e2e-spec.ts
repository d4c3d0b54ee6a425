import { RedisTopology, startRedisCluster, startRedisSentinel, startStack, Stack } from '@sesame/testing';
import { runMailedLinkLifecycle } from './support/lifecycle';

jest.setTimeout(180_000);

/** A provider call that times out on a loaded machine is resent (a timeout is ambiguous): not what is tested here. */
const env = { SENDGRID_TIMEOUT_MS: '30000' };

/** Every key of the stack on every data node (KEYS is fine on a test's own, nearly empty Redis). */
async function keysOf(topology: RedisTopology, prefix: string): Promise<string[]> {
  const perNode = await Promise.all(topology.ports.map((port) => topology.cli(port, 'KEYS', `*${prefix}*`)));
  return perNode.flatMap((out) => out.split('\n').filter(Boolean));
}

/**
 * All five processes on a local 3-master Redis Cluster: BullMQ's Lua scripts and the RPC
 * transport's MULTI only work there because their keys are hash-tagged into one slot each.
 */
describe('on a Redis Cluster', () => {
  let topology: RedisTopology;
  let stack: Stack;

  beforeAll(async () => {
    topology = await startRedisCluster();
    stack = await startStack({ label: 'cluster', redisUrl: topology.url, env });
  });
  afterAll(async () => {
    await stack?.stop();
    await topology?.stop();
  });

  it('mails a link, authenticates it and delivers the signed webhook', async () => {
    await runMailedLinkLifecycle(stack);
  });

  it('keeps each queue in one slot and the RPC keys in another, spread over the masters', async () => {
    const keys = await keysOf(topology, stack.redisPrefix);
    const p = stack.redisPrefix;
    const tags = new Set(keys.map((k) => /^\{[^}]+\}/.exec(k)?.[0]).filter(Boolean));
    expect([...tags].sort()).toEqual(expect.arrayContaining([`{${p}:bull:mail}`, `{${p}:bull:webhooks}`, `{${p}:bull:scheduler}`, `{${p}:rpc}`]));
    // Untagged keys are single-key ones (rate limits, the epoch marker), never a queue's or the RPC's.
    expect(keys.filter((k) => !k.startsWith('{') && /:bull:|:rpc:/.test(k))).toEqual([]);
    const slots = await Promise.all([...tags].map(async (tag) => (await topology.cli(topology.ports[0], 'CLUSTER', 'KEYSLOT', tag!)).trim()));
    expect(new Set(slots).size).toBe(tags.size);
  });

  it('logs no Redis error and no cross-slot refusal', () => {
    expect(stack.logs().filter((l) => /CROSSSLOT|Unhandled error event|redis connection error/.test(l))).toEqual([]);
  });
});

/** The same journey through Sentinel: the processes find the master by asking the sentinels. */
describe('through Redis Sentinel', () => {
  let topology: RedisTopology;
  let stack: Stack;

  beforeAll(async () => {
    topology = await startRedisSentinel();
    stack = await startStack({ label: 'sentinel', redisUrl: topology.url, env });
  });
  afterAll(async () => {
    await stack?.stop();
    await topology?.stop();
  });

  it('mails a link, authenticates it and delivers the signed webhook, with the plain key names', async () => {
    await runMailedLinkLifecycle(stack);
    const keys = await keysOf(topology, stack.redisPrefix);
    expect(keys).toEqual(expect.arrayContaining([`${stack.redisPrefix}:bull:mail:id`, `${stack.redisPrefix}:rpc:requests`]));
    expect(keys.filter((k) => k.startsWith('{'))).toEqual([]);
  });
});

import type { FastifyReply } from 'fastify';
import { Registry } from 'prom-client';
import { RpcUnavailableError } from '@sesame/messaging';
import type { RpcClient } from '../http/rpc.client';
import type { ShutdownDrain } from '../http/shutdown-drain';
import { HealthController } from './health.controller';

function controller(liveConsumers: jest.Mock, draining = false) {
  const rpc = { liveConsumers } as unknown as RpcClient;
  return new HealthController(rpc, new Registry(), { isDraining: draining } as ShutdownDrain);
}

async function probe(health: HealthController): Promise<{ status: number; body: unknown }> {
  const sent = { status: 0, body: undefined as unknown };
  const reply = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    header() {
      return this;
    },
    send(body: unknown) {
      sent.body = body;
      return this;
    },
  };
  await health.ready(reply as unknown as FastifyReply);
  return sent;
}

describe('HealthController', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is not ready, saying why, while no token-service consumes; live all the same', async () => {
    const health = controller(jest.fn().mockResolvedValue(0));
    expect(await probe(health)).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { 'token-service': expect.stringMatching(/no token-service is consuming/), shutdown: 'ok' } },
    });
    expect(health.live()).toEqual({ status: 'ok' });
  });

  it('is ready while a token-service heartbeat is current', async () => {
    expect(await probe(controller(jest.fn().mockResolvedValue(2)))).toEqual({ status: 200, body: { status: 'ok', checks: { 'token-service': 'ok', shutdown: 'ok' } } });
  });

  it('is not ready while Redis is unreachable, or while draining', async () => {
    const down = await probe(controller(jest.fn().mockRejectedValue(new RpcUnavailableError('redis is reconnecting'))));
    expect(down).toMatchObject({ status: 503, body: { checks: { 'token-service': 'RPC unavailable: redis is reconnecting' } } });
    expect(await probe(controller(jest.fn().mockResolvedValue(1), true))).toMatchObject({ status: 503, body: { checks: { shutdown: 'shutting down' } } });
  });

  it('looks at the heartbeats at most once a second, however often it is probed', async () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const liveConsumers = jest.fn().mockResolvedValueOnce(1).mockResolvedValue(0);
    const health = controller(liveConsumers);

    for (let i = 0; i < 5; i++) expect((await probe(health)).status).toBe(200);
    now += 999;
    expect((await probe(health)).status).toBe(200);
    now += 1;
    expect((await probe(health)).status).toBe(503);
    expect(liveConsumers).toHaveBeenCalledTimes(2);
  });
});

import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadConfigOrExit, TokenServiceConfig } from '@sesame/config';
import { checkEvictionPolicy, createRedis, RedisStreamsServer } from '@sesame/messaging';
import { createLogger, createMetricsRegistry, exitFatal, PinoNestLogger, startHealthServer, startTracing } from '@sesame/observability';
import { PassThroughRpcExceptionFilter } from './rpc-exception.filter';
import { TokenServiceModule } from './token-service.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(TokenServiceConfig, 'token-service');
  const logger = createLogger('token-service', config.LOG_LEVEL);
  await startTracing('token-service', config, logger);
  await checkEvictionPolicy(config.REDIS_URL, 'token-service', (message) => exitFatal(logger, message));
  const metrics = createMetricsRegistry('token-service');
  const server = new RedisStreamsServer({
    redisUrl: config.REDIS_URL,
    prefix: config.REDIS_PREFIX,
    concurrency: config.RPC_CONCURRENCY,
    heartbeatTtlMs: config.RPC_HEARTBEAT_TTL_MS,
    logger,
    metrics,
  });
  const app = await NestFactory.createMicroservice(TokenServiceModule.forRoot(config, logger, undefined, metrics), {
    strategy: server,
    logger: new PinoNestLogger(logger),
  });
  app.enableShutdownHooks();
  app.useGlobalFilters(new PassThroughRpcExceptionFilter(logger));

  const dataSource = app.get(DataSource);
  const ping = createRedis(config.REDIS_URL, { name: 'token-service:health', failFast: true, logger });
  const health = await startHealthServer({
    host: config.HEALTH_HOST,
    port: config.HEALTH_PORT,
    registry: metrics,
    checks: [
      { name: 'postgres', check: () => dataSource.query('SELECT 1').then(() => undefined) },
      { name: 'redis', check: () => ping.ping().then(() => undefined) },
    ],
  });
  await app.listen();
  logger.info({ healthPort: (health.address() as AddressInfo).port, consumer: server.consumerName }, 'health listening');

  const stop = async () => {
    health.close();
    ping.disconnect();
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

void main();

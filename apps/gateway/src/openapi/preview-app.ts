import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { GatewayConfig, loadConfig } from '@sesame/config';
import { GatewayModule } from '../gateway.module';

/**
 * The gateway's module in Nest's preview mode: routes and their metadata, no provider created, so
 * nothing connects to Redis or Postgres. Enough to build the OpenAPI document offline. The config is
 * a production one (the dev mailbox is not part of the API) with placeholder secrets never used.
 */
export async function createPreviewApp(): Promise<NestFastifyApplication> {
  const config = loadConfig(GatewayConfig, {
    NODE_ENV: 'production',
    SESAME_ROOT_API_KEY: 'preview-'.padEnd(40, 'x'),
    TOKEN_PEPPER: `k1:${'preview-'.padEnd(40, 'x')}`,
    PUBLIC_BASE_URL: 'http://localhost:3000',
  });
  return NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config, pino({ enabled: false })), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
}

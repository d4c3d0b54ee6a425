import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { GatewayConfig, loadConfigOrExit, trustProxyOption } from '@sesame/config';
import { checkEvictionPolicy } from '@sesame/messaging';
import { createLogger, exitFatal, histogram, METRICS, PinoNestLogger, startTracing } from '@sesame/observability';
import { installConsole } from './console/console-static';
import { frameworkErrors, installBodyParsers } from './http/body-parsers';
import { clientErrorHandler } from './http/client-errors';
import { installClientIpCheck } from './http/client-ip';
import { installRequestContext } from './http/request-context';
import { installRequestTracing } from './http/request-tracing';
import { ShutdownDrain } from './http/shutdown-drain';
import { validationPipe } from './http/validation';
import { GatewayModule } from './gateway.module';
import { installSameOriginForms } from './pages/same-origin-forms';
import { installPublicCors } from './public/public-cors';
import { TenantDirectory } from './public/tenant-directory';

async function main(): Promise<void> {
  const config = loadConfigOrExit(GatewayConfig, 'gateway');
  const logger = createLogger('gateway', config.LOG_LEVEL);
  await startTracing('gateway', config, logger);
  await checkEvictionPolicy(config.REDIS_URL, 'gateway', (message) => exitFatal(logger, message));
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    logger: false,
    maxParamLength: 256,
    frameworkErrors,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.forRoot(config, logger), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.enableShutdownHooks();
  app.useGlobalPipes(validationPipe());

  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  installBodyParsers(fastify, config.BODY_LIMIT_BYTES);
  installClientIpCheck(fastify);
  app.get(ShutdownDrain).install(fastify);
  const registry = app.get<Registry>(METRICS);
  const directory = app.get(TenantDirectory);
  installPublicCors(fastify, (slug) => directory.findBySlug(slug), config.PUBLIC_BASE_URL);
  installSameOriginForms(fastify, config.PUBLIC_BASE_URL);
  installRequestTracing(fastify);
  installRequestContext(fastify, logger, histogram(registry, 'sesame_http_request_duration_seconds', 'HTTP request duration', ['method', 'route', 'status']));

  const openapi = new DocumentBuilder()
    .setTitle('Sesame API')
    .setDescription('Self-hosted, multi-tenant magic links. Authenticate with `Authorization: Bearer <api key>`.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openapi), { jsonDocumentUrl: 'docs/json' });

  await installConsole(fastify, logger);

  await app.listen(config.PORT, config.HOST);
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port, publicBaseUrl: config.PUBLIC_BASE_URL }, 'gateway listening');
}

void main();

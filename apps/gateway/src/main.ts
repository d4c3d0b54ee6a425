import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { GatewayConfig, loadConfigOrExit, trustProxyOption } from '@sesame/config';
import { apiPressureMark, checkEvictionPolicy } from '@sesame/messaging';
import { createLogger, exitFatal, histogram, METRICS, PinoNestLogger, startMetricsServer, startTracing } from '@sesame/observability';
import { ApiKeyCache } from './auth/api-key-cache';
import { installAdmission } from './http/admission/install-admission';
import { installConsole } from './console/console-static';
import { frameworkErrors, installBodyParsers } from './http/body-parsers';
import { clientErrorHandler } from './http/client-errors';
import { installClientIpCheck } from './http/client-ip';
import { installRequestContext } from './http/request-context';
import { installRequestTracing } from './http/request-tracing';
import { ShutdownDrain } from './http/shutdown-drain';
import { validationPipe } from './http/validation';
import { GatewayModule } from './gateway.module';
import { buildOpenApiDocument } from './openapi/build-openapi-document';
import { installSameOriginForms } from './pages/same-origin-forms';
import { installPublicCors } from './public/public-cors';
import { TenantDirectory } from './public/tenant-directory';
import { RATE_LIMIT_REDIS } from './rate-limits/rate-limit.redis';

async function main(): Promise<void> {
  const config = loadConfigOrExit(GatewayConfig, 'gateway');
  const logger = createLogger('gateway', config.LOG_LEVEL);
  await startTracing('gateway', config, logger);
  await checkEvictionPolicy(config.REDIS_URL, 'gateway', (message) => exitFatal(logger, message));
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    logger: false,
    routerOptions: { maxParamLength: 256 },
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
  const registry = app.get<Registry>(METRICS);
  const directory = app.get(TenantDirectory);
  // First hook of all: a request refused for capacity must cost as little as possible.
  const keys = app.get(ApiKeyCache);
  installAdmission(
    fastify,
    config,
    { peekTenantOfKey: (key) => keys.peekTenantId(key), peekTenantOfSlug: (slug) => directory.peekIdBySlug(slug) },
    apiPressureMark(app.get(RATE_LIMIT_REDIS), config.REDIS_PREFIX, (err) => logger.warn({ err }, 'admission: cannot report API pressure')),
    registry,
  );
  installBodyParsers(fastify, config.BODY_LIMIT_BYTES);
  installClientIpCheck(fastify);
  app.get(ShutdownDrain).install(fastify);
  installPublicCors(fastify, (slug) => directory.findBySlug(slug), config.PUBLIC_BASE_URL);
  installSameOriginForms(fastify, config.PUBLIC_BASE_URL);
  installRequestTracing(fastify);
  installRequestContext(fastify, logger, histogram(registry, 'sesame_http_request_duration_seconds', 'HTTP request duration', ['method', 'route', 'status']), config.RPC_TIMEOUT_MS);

  const servers = [{ url: config.PUBLIC_BASE_URL, description: 'This gateway' }];
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, servers), { jsonDocumentUrl: 'docs/json' });

  if (config.metricsPort !== null) {
    const metrics = await startMetricsServer({ host: config.METRICS_HOST, port: config.metricsPort, registry });
    fastify.addHook('onClose', (_instance, done) => {
      metrics.closeAllConnections();
      metrics.close(() => done());
    });
    const bound = metrics.address();
    logger.info({ metricsPort: typeof bound === 'object' && bound ? bound.port : config.metricsPort, host: config.METRICS_HOST }, 'metrics listening');
  }

  await installConsole(fastify, logger);

  await app.listen(config.PORT, config.HOST);
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ port, publicBaseUrl: config.PUBLIC_BASE_URL }, 'gateway listening');
}

void main();

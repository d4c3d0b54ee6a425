import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { describeConfig, loadConfigOrExit, WebhookDispatcherConfig } from '@sesame/config';
import { checkEvictionPolicy } from '@sesame/messaging';
import { createLogger, exitFatal, flushLogger, HealthService, PinoNestLogger, startTracing } from '@sesame/observability';
import { WebhookDispatcherModule } from './webhook-dispatcher.module';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit(WebhookDispatcherConfig, 'webhook-dispatcher');
  const logger = createLogger('webhook-dispatcher', config.LOG_LEVEL);
  await startTracing('webhook-dispatcher', config, logger);
  await checkEvictionPolicy(config.REDIS_URL, 'webhook-dispatcher', (message) => exitFatal(logger, message));
  try {
    logger.info({ config: describeConfig(config) }, 'starting');
    const app = await NestFactory.createApplicationContext(WebhookDispatcherModule.forRoot(config, logger), {
      logger: new PinoNestLogger(logger),
      bufferLogs: false,
    });
    // SIGTERM/SIGINT: close the worker (running attempts finish), the queue, Redis, then Postgres;
    // then process.exit so pino's exit handler flushes the buffered log lines.
    app.enableShutdownHooks([], { useProcessExit: true });
    const healthPort = await app.get(HealthService).listen();
    logger.info({ healthPort }, 'health listening');
  } catch (err) {
    logger.fatal({ err }, 'webhook-dispatcher failed to start');
    flushLogger(logger);
    process.exit(1);
  }
}

void bootstrap();

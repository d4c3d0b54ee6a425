import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { describeConfig, loadConfigOrExit, MailWorkerConfig } from '@sesame/config';
import { checkEvictionPolicy } from '@sesame/messaging';
import { createLogger, describeError, exitFatal, flushLogger, HealthService, PinoNestLogger, startTracing } from '@sesame/observability';
import { MailWorkerModule } from './mail-worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit(MailWorkerConfig, 'mail-worker');
  const logger = createLogger('mail-worker', config.LOG_LEVEL);
  await startTracing('mail-worker', config, logger);
  await checkEvictionPolicy(config.REDIS_URL, 'mail-worker', (message) => exitFatal(logger, message));
  try {
    logger.info({ config: describeConfig(config) }, 'starting');
    const app = await NestFactory.createApplicationContext(MailWorkerModule.forRoot(config, logger), {
      logger: new PinoNestLogger(logger),
      bufferLogs: false,
    });
    // SIGTERM/SIGINT: close the worker (running sends finish), Redis, then Postgres; then
    // process.exit so pino's exit handler flushes the buffered log lines.
    app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
    const healthPort = await app.get(HealthService).listen();
    logger.info({ healthPort }, 'health listening');
  } catch (err) {
    logger.fatal({ error: describeError(err) }, 'mail-worker failed to start');
    flushLogger(logger);
    process.exit(1);
  }
}

void bootstrap();

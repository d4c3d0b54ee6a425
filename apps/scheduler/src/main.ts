import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { describeConfig, loadConfigOrExit, SchedulerConfig } from '@sesame/config';
import { checkEvictionPolicy } from '@sesame/messaging';
import { createLogger, exitFatal, flushLogger, HealthService, PinoNestLogger, startTracing } from '@sesame/observability';
import { SchedulerModule } from './scheduler.module';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit(SchedulerConfig, 'scheduler');
  const logger = createLogger('scheduler', config.LOG_LEVEL);
  await startTracing('scheduler', config, logger);
  await checkEvictionPolicy(config.REDIS_URL, 'scheduler', (message) => exitFatal(logger, message));
  try {
    logger.info({ config: describeConfig(config) }, 'starting');
    const app = await NestFactory.createApplicationContext(SchedulerModule.forRoot(config, logger), {
      logger: new PinoNestLogger(logger),
      bufferLogs: false,
    });
    // SIGTERM/SIGINT: close the worker (running jobs finish), the queue, Redis, then Postgres;
    // then process.exit so pino's exit handler flushes the buffered log lines.
    app.enableShutdownHooks([], { useProcessExit: true });
    const healthPort = await app.get(HealthService).listen();
    logger.info({ healthPort }, 'health listening');
  } catch (err) {
    logger.fatal({ err }, 'scheduler failed to start');
    flushLogger(logger);
    process.exit(1);
  }
}

void bootstrap();

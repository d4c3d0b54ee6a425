import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { Sealer, TokenHasher } from '@sesame/crypto';
import { TokenServiceConfig } from '@sesame/config';
import { CONFIG, LOGGER, METRICS } from '@sesame/observability';
import { CRYPTO_PROVIDERS } from './crypto.providers';
import { TenantCache } from './tenant-cache';

/** What every feature module may inject: the process's config, logger, metrics, keyed crypto and tenant cache. */
@Global()
@Module({})
export class SharedModule {
  static forRoot(config: TokenServiceConfig, logger: Logger, metrics: Registry): DynamicModule {
    const providers: Provider[] = [
      { provide: CONFIG, useValue: config },
      { provide: LOGGER, useValue: logger },
      { provide: METRICS, useValue: metrics },
      ...CRYPTO_PROVIDERS,
      TenantCache,
    ];
    return { module: SharedModule, providers, exports: [CONFIG, LOGGER, METRICS, TokenHasher, Sealer, TenantCache] };
  }
}

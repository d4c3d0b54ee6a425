import { Module } from '@nestjs/common';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyService } from './api-key.service';
import { ApiKeysRpcController } from './api-keys.rpc-controller';

/** API keys: issued per tenant, resolved for every authenticated gateway request. */
@Module({
  controllers: [ApiKeysRpcController],
  providers: [ApiKeyRepository, ApiKeyService],
  exports: [ApiKeyRepository],
})
export class ApiKeysModule {}

import { Module } from '@nestjs/common';
import { MailProviderRepository } from './mail-provider.repository';
import { MailProviderService } from './mail-provider.service';
import { ProvidersRpcController } from './providers.rpc-controller';

/** A tenant's mail and SMS transports (/v1/providers). */
@Module({
  controllers: [ProvidersRpcController],
  providers: [MailProviderRepository, MailProviderService],
})
export class ProvidersModule {}

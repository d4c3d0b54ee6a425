import { Module } from '@nestjs/common';
import { LinkRequestsModule } from '../link-requests/link-requests.module';
import { LinkCreateRepository } from './link-create.repository';
import { LinkQueryRepository } from './link-query.repository';
import { LinkRevokeRepository } from './link-revoke.repository';
import { LinkConsumeRepository } from './link-consume.repository';
import { ExchangeCodeRepository } from './exchange-code.repository';
import { IdempotencyRepository } from './idempotency.repository';
import { LinkDeliveryRepository } from './link-delivery.repository';
import { LinkMetrics } from './link.metrics';
import { LinkService } from './link.service';
import { LinkListService } from './link-list.service';
import { VerificationService } from './verification.service';
import { LinksRpcController } from './links.rpc-controller';

/** Magic links: creation (and delivery through the outbox), listing, revocation, and their use. */
@Module({
  imports: [LinkRequestsModule],
  controllers: [LinksRpcController],
  providers: [LinkCreateRepository, LinkQueryRepository, LinkRevokeRepository, LinkConsumeRepository, ExchangeCodeRepository, IdempotencyRepository, LinkDeliveryRepository, LinkMetrics, LinkService, LinkListService, VerificationService],
  exports: [LinkService, VerificationService, LinkConsumeRepository, LinkMetrics],
})
export class LinksModule {}

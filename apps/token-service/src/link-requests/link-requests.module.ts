import { Module } from '@nestjs/common';
import { LinkRequestRepository } from './link-request.repository';
import { RequestBinding } from './request-binding';

/** Public sign-in requests as stored (link_requests) and the check of which browser asked: used by links (peek, exchange) and by sign-in. */
@Module({
  providers: [LinkRequestRepository, RequestBinding],
  exports: [LinkRequestRepository, RequestBinding],
})
export class LinkRequestsModule {}

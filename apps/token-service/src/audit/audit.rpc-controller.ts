import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { RPC, RpcHandler } from '@sesame/messaging';
import { AuditService } from './audit.service';

/** RPC surface of a tenant's audit log. */
@Controller()
export class AuditRpcController {
  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @RpcHandler(RPC.auditList)
  list(@Payload() req: C.ListAuditEventsRequest) {
    return this.audit.list(req);
  }
}

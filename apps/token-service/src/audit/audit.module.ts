import { Module } from '@nestjs/common';
import { AuditQueryRepository } from './audit-query.repository';
import { AuditService } from './audit.service';
import { AuditRpcController } from './audit.rpc-controller';

/** A tenant's audit log (rows are written by each feature, in its own transaction: shared/audit.ts). */
@Module({
  controllers: [AuditRpcController],
  providers: [AuditQueryRepository, AuditService],
})
export class AuditModule {}

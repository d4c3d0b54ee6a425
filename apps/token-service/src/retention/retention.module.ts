import { Module } from '@nestjs/common';
import { RetentionRunsRepository } from './retention-runs.repository';
import { RetentionRpcController } from './retention.rpc-controller';

/** The operator's retention report (the scheduler runs the purges). */
@Module({
  controllers: [RetentionRpcController],
  providers: [RetentionRunsRepository],
})
export class RetentionModule {}

import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ListRetentionRunsResponse, RPC } from '@sesame/messaging';
import { RootOnly } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import { ListRetentionRunsQuery } from './retention.dto';
import { RetentionRuns } from './retention.response';

/** The operator's view of the scheduler's purges (docs/retention.md). */
@ApiTags('administration')
@Controller('v1/admin/retention')
export class RetentionController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /** Operator only (SESAME_ROOT_API_KEY): recent purge runs, newest first, and a 24-hour summary per purge. */
  @Get()
  @RootOnly()
  @ApiResponse({ status: 200, type: RetentionRuns, description: 'OK' })
  @ApiOperation({ summary: 'Retention purge runs and their 24 h summary (root key)' })
  list(@Query() q: ListRetentionRunsQuery): Promise<ListRetentionRunsResponse> {
    return this.rpc.call(RPC.retentionRunsList, { purge: q.purge, outcome: q.outcome, limit: q.limit ?? 50 });
  }
}

import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ListRetentionRunsRequest, ListRetentionRunsResponse, RPC, RpcHandler } from '@sesame/messaging';
import { RetentionRunsRepository } from './retention-runs.repository';

/** RPC surface of the operator's retention report. */
@Controller()
export class RetentionRpcController {
  constructor(
    @Inject(RetentionRunsRepository) private readonly runs: RetentionRunsRepository,
  ) {}

  @RpcHandler(RPC.retentionRunsList)
  list(@Payload() req: ListRetentionRunsRequest): Promise<ListRetentionRunsResponse> {
    return this.report(req);
  }

  private async report(req: ListRetentionRunsRequest): Promise<ListRetentionRunsResponse> {
    const [data, last24h] = await Promise.all([this.runs.recent(req), this.runs.last24h()]);
    return { data, last_24h: last24h };
  }
}

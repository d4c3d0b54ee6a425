import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import { ListRetentionRunsRequest, ListRetentionRunsResponse, RPC } from '@sesame/messaging';
import { counted, RPC_REQUESTS } from '../metrics.providers';
import { RetentionRunsRepository } from './retention-runs.repository';

/** RPC surface of the operator's retention report. */
@Controller()
export class RetentionController {
  constructor(
    @Inject(RetentionRunsRepository) private readonly runs: RetentionRunsRepository,
    @Inject(RPC_REQUESTS) private readonly requests: Counter<string>,
  ) {}

  @MessagePattern(RPC.retentionRunsList)
  list(@Payload() req: ListRetentionRunsRequest): Promise<ListRetentionRunsResponse> {
    return counted(this.requests, RPC.retentionRunsList, this.report(req));
  }

  private async report(req: ListRetentionRunsRequest): Promise<ListRetentionRunsResponse> {
    const [data, last24h] = await Promise.all([this.runs.recent(req), this.runs.last24h()]);
    return { data, last_24h: last24h };
  }
}

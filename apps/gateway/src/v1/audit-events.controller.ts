import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ListAuditEventsResponse, RPC } from '@sesame/messaging';
import { Auth, AuthContext, RequireScope } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import { ListAuditEventsQuery } from './audit-events.dto';
import { AuditEventPage } from './audit-events.response';

@ApiTags('audit')
@Controller('v1/audit-events')
export class AuditEventsController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /** Newest first; pass `next_cursor` back as `cursor` for the next page. */
  @Get()
  @RequireScope('audit:read')
  @ApiResponse({ status: 200, type: AuditEventPage, description: 'OK' })
  @ApiOperation({ summary: 'Audit events, newest first' })
  list(@Auth() auth: AuthContext, @Query() q: ListAuditEventsQuery): Promise<ListAuditEventsResponse> {
    return this.rpc.call(RPC.auditList, {
      tenantId: auth.tenantId, types: q.type?.split(','), userId: q.user_id, linkId: q.link_id, since: q.since, until: q.until,
      cursor: q.cursor, limit: q.limit ?? 50,
    });
  }
}

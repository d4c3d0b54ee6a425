import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CONSOLE_RPC, STATS_WINDOWS, StatsResponse, StatsWindow } from '@sesame/messaging';
import { Auth, AuthContext, RequireScope } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import { StatsOverview } from './console.response';

export class StatsQuery {
  @ApiPropertyOptional({ enum: STATS_WINDOWS, default: '24h' })
  @IsOptional() @IsIn(STATS_WINDOWS, { message: `window must be one of ${STATS_WINDOWS.join(', ')}` })
  window?: StatsWindow;
}

/** The tenant's activity for the console's overview (readable by a viewer). */
@ApiTags('stats')
@Controller('v1/stats')
export class StatsController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  @Get('overview')
  @RequireScope('magic_links:view')
  @ApiResponse({ status: 200, type: StatsOverview, description: 'OK' })
  @ApiOperation({ summary: 'Links created, used and expired, emails sent and failed, webhook deliveries failed: per hour over 24 h or per day over 7 d' })
  overview(@Auth() auth: AuthContext, @Query() q: StatsQuery): Promise<StatsResponse> {
    return this.rpc.call(CONSOLE_RPC.stats, { tenantId: auth.tenantId, window: q.window ?? '24h' });
  }
}

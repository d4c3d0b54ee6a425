import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsIP, IsOptional, MaxLength } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Auth, AuthContext, RequireScope } from '../auth/auth.decorators';
import { TenantDirectory } from '../public/tenant-directory';
import { SignInLimits } from '../rate-limits/sign-in-limits.service';
import { RateLimits } from './rate-limits.response';

export class RateLimitsQuery {
  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(320)
  email?: string;

  @ApiPropertyOptional() @IsOptional() @IsIP(undefined, { message: 'ip must be an IPv4 or IPv6 address' })
  ip?: string;
}

@ApiTags('rate limits')
@Controller('v1/rate-limits')
export class RateLimitsController {
  constructor(
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(SignInLimits) private readonly limits: SignInLimits,
  ) {}

  /** The tenant's request budget and the calling key's counter, and those of an address and/or a client IP when given. */
  @Get()
  @RequireScope('admin')
  @ApiResponse({ status: 200, type: RateLimits, description: 'OK' })
  @ApiOperation({
    summary: 'Rate-limit counters: the tenant budget, the calling key, and an address and/or an IP',
    description: 'The `tenant` (request budget) and `api_key` (the calling key) counters always; `email_per_minute`, `email_per_hour` with `email`; `ip_public` and `failed_per_ip` with `ip`.',
  })
  async get(@Auth() auth: AuthContext, @Query() q: RateLimitsQuery): Promise<RateLimits> {
    const tenant = await this.tenants.byId(auth.tenantId);
    const counters = await this.limits.counters(tenant.policy.rate_limits, tenant.id, auth.apiKeyId, q);
    return { email: q.email ?? null, ip: q.ip ?? null, counters: counters.map((c) => ({ ...c, limited: c.limit > 0 && c.count >= c.limit })) };
  }
}

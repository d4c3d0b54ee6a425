import { ApiPropertyOptional } from '@nestjs/swagger';
import { RATE_LIMIT_RULES, RateLimitRuleName } from '@sesame/domain';
import type { Counter } from '../rate-limits/rate-limiter.service';
import { Bool, Int, NestedList, NullableText, OneOf } from '../openapi/schema-props';

export class RateLimitCounter implements Counter {
  @OneOf(RATE_LIMIT_RULES) rule!: RateLimitRuleName;
  @Int() count!: number;
  @Int({ description: '0: the rule is off.' }) limit!: number;
  @Int() window_seconds!: number;
  @Int({ description: 'Seconds until the oldest counted event leaves the window.' }) resets_in_seconds!: number;
  @ApiPropertyOptional({ enum: ['unattributed'], description: 'Failures with secrets that matched no tenant.' }) scope?: 'unattributed';
  @Bool({ description: 'The next request would be refused (429).' }) limited!: boolean;
}

/** The counters for an address and/or a client IP, with the tenant's limits. */
export class RateLimits {
  @NullableText() email!: string | null;
  @NullableText() ip!: string | null;
  @NestedList(() => RateLimitCounter) counters!: RateLimitCounter[];
}

import { ApiProperty } from '@nestjs/swagger';
import {
  AppPolicy, BrandingPolicy, defaultPolicy, LinksPolicy, PasswordsPolicy, RateLimitsPolicy, RedirectSectionPolicy, RetentionPolicy, SignInPolicy,
  TenantPolicy, UsersPolicy,
} from '@sesame/domain';
import type { PolicyView } from '@sesame/messaging';
import { schemaOfDefaults } from '../openapi/schema-of-defaults';

const DEFAULTS = defaultPolicy({ tenantName: 'Example', appOrigin: 'https://app.example.com' });
// Wrapped in allOf: ApiProperty reads a top-level `required` as "this property is required".
const Section = (key: keyof TenantPolicy) =>
  ApiProperty({ type: 'object', allOf: [schemaOfDefaults(DEFAULTS[key])], description: `docs/policy.md#${key.replace(/_/g, '-')}` } as never);

/** The tenant's policy (docs/policy.md); PATCH takes any part of it as a JSON merge patch. */
export class Policy implements PolicyView {
  @Section('links') links!: LinksPolicy;
  @Section('redirect') redirect!: RedirectSectionPolicy;
  @Section('app') app!: AppPolicy;
  @Section('users') users!: UsersPolicy;
  @Section('branding') branding!: BrandingPolicy;
  @Section('passwords') passwords!: PasswordsPolicy;
  @Section('retention') retention!: RetentionPolicy;
  @Section('sign_in') sign_in!: SignInPolicy;
  @Section('rate_limits') rate_limits!: RateLimitsPolicy;
}

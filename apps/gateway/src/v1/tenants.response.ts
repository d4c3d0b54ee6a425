import type { CreateTenantResponse, ListTenantsResponse, TenantActivity, TenantStatus, TenantView } from '@sesame/messaging';
import { ConsoleUser } from '../console/console.response';
import { Int, Nested, NestedList, NextCursor, NullableTimestamp, OneOf, Text, Timestamp, Uuid } from '../openapi/schema-props';

const TENANT_STATUSES: readonly TenantStatus[] = ['active', 'disabled', 'deleted'];

export class CreatedTenant implements CreateTenantResponse {
  @Uuid() id!: string;
  @Text() slug!: string;
  @Text() name!: string;
  @Text({ description: 'The tenant\'s first key (scope admin), shown this once.' }) api_key!: string;
  @Nested(() => ConsoleUser, { required: false, description: 'The first console admin, when `console_admin_email` was given.' }) console_admin?: ConsoleUser;
}

export class TenantActivityCounts implements TenantActivity {
  @Int() window_hours!: number;
  @Int({ description: 'Each count stops here.' }) cap!: number;
  @Int() links_created!: number;
  @Int() links_consumed!: number;
  @Int() emails_sent!: number;
  @Int() emails_failed!: number;
  @Int() webhook_failures!: number;
}

export class Tenant implements TenantView {
  @Uuid() id!: string;
  @Text() slug!: string;
  @Text() name!: string;
  @OneOf(TENANT_STATUSES) status!: TenantStatus;
  @NullableTimestamp() disabled_at!: string | null;
  @NullableTimestamp({ description: 'The data is purged DELETED_TENANT_RETENTION_SECONDS after this.' }) deleted_at!: string | null;
  @Timestamp() created_at!: string;
  @Nested(() => TenantActivityCounts) activity!: TenantActivityCounts;
}

export class TenantPage implements ListTenantsResponse {
  @NestedList(() => Tenant) data!: Tenant[];
  @NextCursor() next_cursor!: string | null;
}

import { AUTH_FLOW_KINDS, AUTH_FLOW_STATUSES, AuthFlowKind, AuthFlowStatus, ContextData } from '@sesame/domain';
import type {
  ApplicationView, AuthFlowView, CompletePasswordResetResponse, ExchangePasswordResetResponse, ListApplicationsResponse,
  StartRegistrationResponse, ValidateRegistrationResponse,
} from '@sesame/messaging';
import { Bool, ContextDataProp, Int, Nested, NestedList, NullableText, NullableTimestamp, OneOf, Text, Timestamp, Uuid } from '../openapi/schema-props';

export class Application implements ApplicationView {
  @Uuid() id!: string;
  @Text() name!: string;
  @OneOf(AUTH_FLOW_KINDS) auth_flow!: AuthFlowKind;
  @Bool() enabled!: boolean;
  @NullableText() redirect_url!: string | null;
  @Timestamp() created_at!: string;
  @Timestamp() updated_at!: string;
}

export class ApplicationList implements ListApplicationsResponse {
  @NestedList(() => Application) data!: Application[];
}

export class AuthFlow implements AuthFlowView {
  @Uuid() id!: string;
  @Uuid() application_id!: string;
  @OneOf(AUTH_FLOW_KINDS) auth_flow!: AuthFlowKind;
  @Uuid() user_id!: string;
  @OneOf(AUTH_FLOW_STATUSES) status!: AuthFlowStatus;
  @Uuid() link_id!: string;
  @Timestamp() expires_at!: string;
  @Timestamp() created_at!: string;
  @NullableTimestamp() completed_at!: string | null;
}

export class PasswordResetUser {
  @Uuid() id!: string;
  @Text() email!: string;
}

export class PasswordResetGrant implements ExchangePasswordResetResponse {
  @Text({ description: 'Use it once with POST /v1/password-resets/complete.' }) reset_grant!: string;
  @Timestamp() expires_at!: string;
  @Nested(() => PasswordResetUser) user!: PasswordResetUser;
}

export class PasswordResetCompleted implements CompletePasswordResetResponse {
  @Nested(() => PasswordResetUser) user!: PasswordResetUser;
  @Bool({ description: 'Sesame stored the new password (else the integrator keeps passwords).' }) password_stored!: boolean;
}

const REGISTRATION_TYPES = ['new_user', 'existing_user'] as const;

export class RegistrationStarted implements StartRegistrationResponse {
  @Uuid() registration_id!: string;
  @OneOf(REGISTRATION_TYPES) magiclink_email_registration_type!: 'new_user' | 'existing_user';
  @Text() email_address!: string;
  @Int() timeout_in_seconds!: number;
  @Timestamp() expires_at!: string;
}

export class RegistrationValidated implements ValidateRegistrationResponse {
  @OneOf(REGISTRATION_TYPES) magiclink_email_registration_type!: 'new_user' | 'existing_user';
  @Uuid() user_id!: string;
  @Text() username!: string;
  @Text() email_address!: string;
  @ContextDataProp() context_data!: ContextData | null;
}

import { randomUUID } from 'node:crypto';
import { ACCOUNT_RPC } from '@sesame/messaging';
import type { Actor, StartRegistrationRequest, ValidateRegistrationRequest, ValidateRegistrationResponse } from '@sesame/messaging';
import type { RpcClient } from '../http/rpc.client';
import type { VerificationLockout } from '../rate-limits/verification-lockout.service';
import type { StartRegistrationDto, ValidateRegistrationDto } from './registrations.dto';

/** The RPC request of a registration start, from the Auth Armor body (native and compatible routes alike). */
export function startRequest(tenantId: string, actor: Actor, dto: StartRegistrationDto, userId?: string): StartRegistrationRequest {
  return {
    requestId: randomUUID(), tenantId, actor, userId, emailAddress: dto.email_address,
    timeoutInSeconds: dto.timeout_in_seconds || undefined, registrationRedirectUrl: dto.registration_redirect_url,
    actionName: dto.action_name, shortMsg: dto.short_msg, contextData: dto.context_data, ipAddress: dto.ip_address, userAgent: dto.user_agent,
  };
}

function validateRequest(tenantId: string, actor: Actor, dto: ValidateRegistrationDto): ValidateRegistrationRequest {
  return { tenantId, actor, registrationValidationToken: dto.registration_validation_token, ipAddress: dto.ip_address, userAgent: dto.user_agent };
}

/** A registration validation (native and compatible routes alike), through the failed-verification lockout. */
export function validateRegistration(
  rpc: RpcClient, lockout: VerificationLockout, tenantId: string, actor: Actor, dto: ValidateRegistrationDto,
): Promise<ValidateRegistrationResponse> {
  return lockout.attemptForTenant(tenantId, dto.ip_address, lockout.ofSecret(dto.registration_validation_token), () =>
    rpc.call(ACCOUNT_RPC.registrationsValidate, validateRequest(tenantId, actor, dto)));
}

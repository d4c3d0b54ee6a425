import { randomUUID } from 'node:crypto';
import type { Actor, StartRegistrationRequest, ValidateRegistrationRequest } from '@sesame/messaging';
import type { StartRegistrationDto, ValidateRegistrationDto } from './registrations.dto';

/** The RPC request of a registration start, from the Auth Armor body (native and compatible routes alike). */
export function startRequest(tenantId: string, actor: Actor, dto: StartRegistrationDto, userId?: string): StartRegistrationRequest {
  return {
    requestId: randomUUID(), tenantId, actor, userId, emailAddress: dto.email_address,
    timeoutInSeconds: dto.timeout_in_seconds || undefined, registrationRedirectUrl: dto.registration_redirect_url,
    actionName: dto.action_name, shortMsg: dto.short_msg, contextData: dto.context_data, ipAddress: dto.ip_address, userAgent: dto.user_agent,
  };
}

export function validateRequest(tenantId: string, actor: Actor, dto: ValidateRegistrationDto): ValidateRegistrationRequest {
  return { tenantId, actor, registrationValidationToken: dto.registration_validation_token, ipAddress: dto.ip_address, userAgent: dto.user_agent };
}

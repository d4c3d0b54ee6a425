import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';
import type { GrantableScope } from '@sesame/domain';
import type { Actor } from '@sesame/messaging';
import { userAgentOf } from '../http/user-agent';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { API_KEY_SCHEME, ROOT_KEY_SCHEME } from '../openapi/security-schemes';

export const REQUIRED_SCOPE = 'sesame:required-scope';
export const ROOT_ONLY = 'sesame:root-only';

/**
 * The route needs a tenant API key with this scope (`admin` implies all). An Entrust permission
 * name (`MAGICLINKS:VIEW`) stands for the scope it maps to, and is what a refusal then names.
 */
export const RequireScope = (scope: GrantableScope) => applyDecorators(
  SetMetadata(REQUIRED_SCOPE, scope),
  // What ApiKeyGuard enforces is what the document says: the scheme, the scope, the refusals.
  ApiSecurity(API_KEY_SCHEME, [scope]),
  ApiExtension('x-required-scopes', [scope]),
  ApiErrors('unauthorized', 'api_key_expired', 'tenant_disabled', 'insufficient_scope'),
);
/** The route needs the operator's SESAME_ROOT_API_KEY. */
export const RootOnly = () => applyDecorators(SetMetadata(ROOT_ONLY, true), ApiSecurity(ROOT_KEY_SCHEME), ApiErrors('unauthorized'));

export interface AuthContext {
  tenantId: string;
  /** Null for a console session (console/console-auth.ts), which has consoleUserId instead. */
  apiKeyId: string | null;
  consoleUserId?: string;
  scopes: string[];
}

export interface AuthedRequest {
  auth?: AuthContext;
  ip: string;
  headers: Record<string, string | string[] | undefined>;
}

export const Auth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const auth = ctx.switchToHttp().getRequest<AuthedRequest>().auth;
  if (!auth) throw new Error('Auth used on a route without RequireScope');
  return auth;
});

/** Who is calling, for audit events. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<AuthedRequest>();
  return { apiKeyId: req.auth?.apiKeyId ?? null, consoleUserId: req.auth?.consoleUserId ?? null, ip: req.ip ?? null, userAgent: userAgentOf(req) };
});

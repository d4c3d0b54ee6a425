import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GatewayConfig } from '@sesame/config';
import { isWellFormedApiKey, timingSafeEqualString } from '@sesame/crypto';
import { GrantableScope, hasScope, SesameError } from '@sesame/domain';
import { CONFIG } from '@sesame/observability';
import { ConsoleAuth } from '../console/console-auth';
import { ApiKeyCache } from './api-key-cache';
import { AuthedRequest, REQUIRED_SCOPE, ROOT_ONLY } from './auth.decorators';

/**
 * Bearer API keys: the root key for operator routes, tenant keys with scopes for the rest. Without
 * a Bearer key, a console session cookie stands for its tenant with its role's scopes, and an
 * operator's session (CONSOLE_OPERATOR_TENANT) for the root key.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(ApiKeyCache) private readonly keys: ApiKeyCache,
    @Inject(ConsoleAuth) private readonly console: ConsoleAuth,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const rootOnly = this.reflector.getAllAndOverride<boolean>(ROOT_ONLY, targets);
    const scope = this.reflector.getAllAndOverride<GrantableScope>(REQUIRED_SCOPE, targets);
    if (!rootOnly && !scope) return true;

    const req = ctx.switchToHttp().getRequest<AuthedRequest & { method: string }>();
    const key = bearer(req.headers.authorization);
    if (rootOnly) {
      if (!key) {
        const operator = await this.console.authenticateOperator(req);
        if (operator) {
          req.auth = operator;
          return true;
        }
      }
      if (!key || !timingSafeEqualString(key, this.config.SESAME_ROOT_API_KEY)) {
        throw new SesameError('unauthorized', 'A valid root API key is required (Authorization: Bearer <SESAME_ROOT_API_KEY>)');
      }
      return true;
    }
    if (!key) {
      const session = await this.console.authenticate(req, scope);
      if (session) {
        req.auth = session;
        return true;
      }
    }
    if (!key || !isWellFormedApiKey(key)) throw new SesameError('unauthorized', 'A valid API key is required (Authorization: Bearer sk_...)');
    const resolved = await this.keys.resolve(key);
    if (!resolved) throw new SesameError('unauthorized', 'The API key is invalid or revoked');
    if (resolved.expiresAt !== null && resolved.expiresAt <= Date.now()) {
      throw new SesameError('api_key_expired', 'The API key has expired (past its expires_at, or the overlap of a rotation ended)');
    }
    if (resolved.tenantDisabled) throw new SesameError('tenant_disabled', 'The tenant of this API key is disabled');
    if (!hasScope(resolved.scopes, scope)) {
      throw new SesameError('insufficient_scope', `This API key lacks the scope ${scope}`, { required: scope });
    }
    req.auth = { tenantId: resolved.tenantId, apiKeyId: resolved.id, scopes: resolved.scopes };
    return true;
  }
}

function bearer(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

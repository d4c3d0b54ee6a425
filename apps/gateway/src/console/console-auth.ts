import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GatewayConfig } from '@sesame/config';
import { GrantableScope, hasScope, SesameError } from '@sesame/domain';
import { CONFIG } from '@sesame/observability';
import type { AuthContext } from '../auth/auth.decorators';
import { crossSiteRefusal } from '../pages/same-origin-forms';
import { TenantDirectory } from '../public/tenant-directory';
import { cookieOf } from '../public/sign-in-cookie';
import { CONSOLE_COOKIE, ConsoleSession, csrfRefusal, CSRF_HEADER, isMutating, isWellFormedSessionId, scopesForRole } from './console-session';
import { ConsoleSessions } from './console-sessions.service';

type Req = Pick<FastifyRequest, 'headers' | 'method'>;

/**
 * The /v1 API for a console session instead of an API key: the session's tenant, its role's
 * scopes, and for a mutating request the CSRF token plus the same-origin check. So the API itself,
 * not the SPA, is what refuses a viewer or another tenant.
 */
@Injectable()
export class ConsoleAuth {
  private readonly publicOrigin: string;
  private readonly operatorTenant: string;

  constructor(
    @Inject(CONFIG) config: GatewayConfig,
    @Inject(ConsoleSessions) private readonly sessions: ConsoleSessions,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
  ) {
    this.publicOrigin = new URL(config.PUBLIC_BASE_URL).origin;
    this.operatorTenant = config.CONSOLE_OPERATOR_TENANT;
  }

  /** Whether a session is an operator's: an admin of the tenant CONSOLE_OPERATOR_TENANT names. */
  async isOperator(session: ConsoleSession): Promise<boolean> {
    if (!this.operatorTenant || session.role !== 'admin') return false;
    return (await this.tenants.byId(session.tenantId)).slug === this.operatorTenant;
  }

  /** A root route by console cookie: only an operator's session (else 403); null when there is no cookie. */
  async authenticateOperator(req: Req): Promise<AuthContext | null> {
    if (this.sessionIdOf(req) === undefined) return null;
    const { session } = await this.session(req);
    this.assertMayMutate(req, session);
    if (!(await this.isOperator(session))) throw new SesameError('forbidden', 'Only an operator\'s console session may use operator routes');
    return { tenantId: session.tenantId, apiKeyId: null, consoleUserId: session.userId, scopes: ['admin'] };
  }

  /** The session's id, when the request carries the console cookie. */
  sessionIdOf(req: Pick<FastifyRequest, 'headers'>): string | undefined {
    return cookieOf(req, CONSOLE_COOKIE);
  }

  /** The live session of the cookie, or 401. */
  async session(req: Pick<FastifyRequest, 'headers'>): Promise<{ id: string; session: ConsoleSession }> {
    const id = this.sessionIdOf(req);
    const session = isWellFormedSessionId(id) ? await this.sessions.touch(id) : null;
    if (!id || !session) throw new SesameError('unauthorized', 'The console session has ended; sign in again');
    return { id, session };
  }

  /** Authenticates a /v1 request by its console cookie (the caller saw no Bearer key); null when there is no cookie. */
  async authenticate(req: Req, scope: GrantableScope): Promise<AuthContext | null> {
    if (this.sessionIdOf(req) === undefined) return null;
    const { session } = await this.session(req);
    this.assertMayMutate(req, session);
    await this.tenants.byId(session.tenantId); // 403 tenant_disabled once the operator disabled it
    const scopes = scopesForRole(session.role);
    if (!hasScope(scopes, scope)) throw new SesameError('insufficient_scope', `A console ${session.role} lacks the scope ${scope}`, { required: scope });
    return { tenantId: session.tenantId, apiKeyId: null, consoleUserId: session.userId, scopes };
  }

  /** CSRF token and same origin on every mutating request of a session; a viewer may not mutate at all. */
  assertMayMutate(req: Req, session: ConsoleSession): void {
    if (!isMutating(req.method)) return;
    const crossSite = crossSiteRefusal(req, this.publicOrigin);
    if (crossSite) throw new SesameError('forbidden', `Cross-site request refused (${crossSite})`);
    const csrf = csrfRefusal(session, req.method, req.headers[CSRF_HEADER]);
    if (csrf) throw new SesameError('forbidden', `CSRF check failed: ${csrf}`);
    if (session.role !== 'admin') throw new SesameError('insufficient_scope', 'A console viewer cannot change anything', { required: 'admin' });
  }
}

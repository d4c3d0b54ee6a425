import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { GatewayConfig } from '@sesame/config';
import { SesameError } from '@sesame/domain';
import { CONSOLE_CALLBACK_PATH, CONSOLE_RPC, ConsoleSignInRequest } from '@sesame/messaging';
import { CONFIG, describeError, LOGGER } from '@sesame/observability';
import { RpcClient } from '../http/rpc.client';
import { userAgentOf } from '../http/user-agent';
import { TenantDirectory } from '../public/tenant-directory';
import { SignInLimits } from '../rate-limits/sign-in-limits.service';
import { ConsoleAuth } from './console-auth';
import { clearedSessionCookie, sessionCookie } from './console-session';
import { ConsoleSessions } from './console-sessions.service';
import { ConsoleCallbackQuery, ConsoleSignInDto } from './console.dto';

const NO_STORE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

/**
 * Signing in to the console: the sign-in form posts an address, the emailed link lands on the
 * callback, which trades its code for a session cookie. The SPA then reads its CSRF token here.
 */
@ApiExcludeController()
@Controller()
export class ConsoleAuthController {
  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RpcClient) private readonly rpc: RpcClient,
    @Inject(TenantDirectory) private readonly tenants: TenantDirectory,
    @Inject(SignInLimits) private readonly limits: SignInLimits,
    @Inject(ConsoleSessions) private readonly sessions: ConsoleSessions,
    @Inject(ConsoleAuth) private readonly auth: ConsoleAuth,
  ) {}

  /**
   * 202 whatever the address or tenant: whether someone is a console user is not told. The limits
   * of the tenant's public sign-in apply, counted before anything is looked up.
   */
  @Post('console/api/sign-in')
  @HttpCode(202)
  async signIn(@Req() req: FastifyRequest, @Body() dto: ConsoleSignInDto): Promise<{ accepted: true }> {
    const tenant = await this.tenants.findBySlug(dto.tenant);
    if (!tenant) return { accepted: true };
    await this.limits.linkRequest(tenant.policy.rate_limits, tenant.id, req.ip, dto.email);
    const payload: ConsoleSignInRequest = {
      requestId: randomUUID(), tenantId: tenant.id, email: dto.email.trim().toLowerCase(), ip: req.ip ?? null, userAgent: userAgentOf(req),
    };
    // Not awaited: the answer must not take longer for a console user than for anyone else.
    this.rpc.call(CONSOLE_RPC.signInRequest, payload).catch((err: unknown) => {
      this.logger.warn({ requestId: payload.requestId, tenantId: tenant.id, err: describeError(err) }, 'console sign-in request not handled');
    });
    return { accepted: true };
  }

  /** Where the emailed link lands (after its confirm page): a session, then the console. */
  @Get(CONSOLE_CALLBACK_PATH.slice(1))
  async callback(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() q: ConsoleCallbackQuery): Promise<void> {
    try {
      if (!q.tenant || !q.code) throw new SesameError('invalid_code', 'The sign-in link is incomplete');
      const who = await this.rpc.call(CONSOLE_RPC.signInComplete, {
        tenantId: q.tenant, code: q.code, actor: { apiKeyId: null, ip: req.ip ?? null, userAgent: userAgentOf(req) },
      });
      const { id } = await this.sessions.create(who);
      void reply.status(303).headers({ ...NO_STORE, location: '/console/', 'set-cookie': sessionCookie(id, this.config.CONSOLE_SESSION_MAX_SECONDS) }).send();
    } catch (err) {
      if (!(err instanceof SesameError) || err.status >= 500) throw err;
      void reply.status(303).headers({ ...NO_STORE, location: `/console/?sign_in_error=${encodeURIComponent(err.code)}` }).send();
    }
  }

  /** Who is signed in, and the CSRF token the SPA sends back on every change. */
  @Get('console/api/session')
  async session(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    void reply.headers(NO_STORE);
    const { session } = await this.auth.session(req);
    const tenant = await this.tenants.byId(session.tenantId);
    return {
      email: session.email, role: session.role, tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
      csrf_token: session.csrf, idle_timeout_seconds: this.config.CONSOLE_SESSION_IDLE_SECONDS, operator: await this.auth.isOperator(session),
    };
  }

  @Post('console/api/sign-out')
  @HttpCode(204)
  async signOut(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const { id, session } = await this.auth.session(req);
    // A viewer may sign out too: only the CSRF and origin checks apply here.
    this.auth.assertMayMutate(req, { ...session, role: 'admin' });
    await this.sessions.end(id);
    void reply.headers({ ...NO_STORE, 'set-cookie': clearedSessionCookie() });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { TokenServiceConfig } from '@sesame/config';
import { SesameError } from '@sesame/domain';
import {
  Actor, CONSOLE_CALLBACK_PATH, ConsoleSignedIn, ConsoleSignInCompleteRequest, ConsoleSignInRequest, ConsoleUserView, CreateConsoleUserRequest,
  ListConsoleUsersRequest, ListConsoleUsersResponse, STATS_SERIES, StatsRequest, StatsResponse, UpdateConsoleUserRequest,
} from '@sesame/messaging';
import { CONFIG, LOGGER } from '@sesame/observability';
import { decodeCursor, toPage } from '@sesame/persistence';
import { LinkService } from '../links/link.service';
import { VerificationService } from '../links/verification.service';
import { audit } from '../shared/audit';
import { ConsoleStatsRepository } from './console-stats.repository';
import { ConsoleUserRepository, ConsoleUserRow } from './console-user.repository';

/**
 * Console users and their sign-in. A console sign-in is an ordinary login link of the tenant
 * (its template, provider and lifetime) whose redirect is the console's callback; the callback's
 * code is accepted here only for such a link, and only for an enabled console user.
 */
@Injectable()
export class ConsoleService {
  constructor(
    @Inject(CONFIG) private readonly config: TokenServiceConfig,
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ConsoleUserRepository) private readonly users: ConsoleUserRepository,
    @Inject(LinkService) private readonly links: LinkService,
    @Inject(VerificationService) private readonly verification: VerificationService,
    @Inject(ConsoleStatsRepository) private readonly statsRepo: ConsoleStatsRepository,
  ) {}

  /** Sends the link to a console user; anyone else gets nothing, and the asker was answered already. */
  async requestSignIn(req: ConsoleSignInRequest): Promise<{ accepted: true }> {
    const email = req.email.trim().toLowerCase();
    const user = await this.users.findActiveByEmail(req.tenantId, email);
    if (!user) {
      this.logger.info({ requestId: req.requestId, tenantId: req.tenantId }, 'console sign-in for no console user: nothing sent');
      return { accepted: true };
    }
    const actor: Actor = { apiKeyId: null, ip: req.ip, userAgent: req.userAgent, consoleUserId: user.id };
    try {
      await this.db.transaction((m) => this.links.createForSignIn(m, {
        requestId: req.requestId, tenantId: req.tenantId, actor, email, type: 'login', send: true, createUnknownUser: true,
      }, this.callbackUrl(req.tenantId)));
    } catch (err) {
      if (!(err instanceof SesameError)) throw err;
      // e.g. the tenant disabled login links: nothing is sent, and the asker cannot tell.
      this.logger.warn({ requestId: req.requestId, tenantId: req.tenantId, reason: err.code }, 'console sign-in link not created');
    }
    return { accepted: true };
  }

  /** Uses the callback's code (consuming nothing else) and answers who signed in. */
  async completeSignIn(req: ConsoleSignInCompleteRequest): Promise<ConsoleSignedIn> {
    const signedIn = await this.verification.exchange({ tenantId: req.tenantId, code: req.code, actor: req.actor });
    if (signedIn.redirect_url !== this.callbackUrl(req.tenantId) || !signedIn.user.email) {
      throw new SesameError('invalid_code', 'This code is not from a console sign-in link');
    }
    const user = await this.users.findActiveByEmail(req.tenantId, signedIn.user.email.toLowerCase());
    if (!user) throw new SesameError('forbidden', 'This address may not use the console (no console user, or disabled)');
    await audit(this.db, {
      tenantId: req.tenantId, action: 'console.signed_in', subjectType: 'console_user', subjectId: user.id,
      actor: { ...req.actor, consoleUserId: user.id },
    });
    return { userId: user.id, tenantId: user.tenant_id, email: user.email, role: user.role };
  }

  async list(req: ListConsoleUsersRequest): Promise<ListConsoleUsersResponse> {
    const rows = await this.users.list(req.tenantId, req.q, decodeCursor(req.cursor, 'uuid'), req.limit + 1);
    return toPage(rows, req.limit, toView);
  }

  async create(req: CreateConsoleUserRequest): Promise<ConsoleUserView> {
    return this.db.transaction(async (m) => {
      if (!(await this.users.tenantExists(m, req.tenantId))) throw new SesameError('not_found', 'Tenant not found');
      const row = await this.users.insert(m, { id: req.requestId, tenantId: req.tenantId, email: req.email.trim().toLowerCase(), role: req.role });
      if (!row) {
        // A redelivered request finds its own row; anything else is a second user with this address.
        const own = await this.users.findById(req.tenantId, req.requestId, m);
        if (own) return toView(own);
        throw new SesameError('conflict', 'This tenant already has a console user with this email', { field: 'email' });
      }
      await audit(m, {
        tenantId: req.tenantId, action: 'console_user.created', subjectType: 'console_user', subjectId: row.id, actor: req.actor,
        data: { role: row.role },
      });
      return toView(row);
    });
  }

  /** Role or disabled; the tenant keeps at least one enabled admin, or nobody could manage it from the console. */
  async update(req: UpdateConsoleUserRequest): Promise<ConsoleUserView> {
    return this.db.transaction(async (m) => {
      const before = await this.users.findById(req.tenantId, req.id, m);
      if (!before) throw new SesameError('not_found', 'Console user not found');
      const losesAdmin = before.role === 'admin' && !before.disabled_at && (req.disabled === true || (req.role !== undefined && req.role !== 'admin'));
      if (losesAdmin && (await this.users.otherEnabledAdmins(m, req.tenantId, req.id)) === 0) {
        throw new SesameError('conflict', 'This is the tenant\'s last enabled console admin', { field: req.disabled ? 'disabled' : 'role' });
      }
      const row = (await this.users.update(m, req.tenantId, req.id, { role: req.role, disabled: req.disabled }))!;
      await audit(m, {
        tenantId: req.tenantId, action: 'console_user.updated', subjectType: 'console_user', subjectId: row.id, actor: req.actor,
        data: { role: row.role, disabled: row.disabled_at !== null },
      });
      return toView(row);
    });
  }

  /** The overview's counts: hourly over 24 h, daily over 7 d. */
  async stats(req: StatsRequest): Promise<StatsResponse> {
    const bucket = req.window === '24h' ? 'hour' : 'day';
    const buckets = await this.statsRepo.buckets(req.tenantId, bucket, req.window === '24h' ? '24 hours' : '7 days');
    const totals = Object.fromEntries(STATS_SERIES.map((s) => [s, buckets.reduce((n, b) => n + b[s], 0)])) as StatsResponse['totals'];
    return { window: req.window, bucket, buckets, totals };
  }

  private callbackUrl(tenantId: string): string {
    return `${this.config.PUBLIC_BASE_URL}${CONSOLE_CALLBACK_PATH}?tenant=${tenantId}`;
  }
}

function toView(r: ConsoleUserRow): ConsoleUserView {
  return { id: r.id, email: r.email, role: r.role, disabled: r.disabled_at !== null, created_at: new Date(r.created_at).toISOString() };
}

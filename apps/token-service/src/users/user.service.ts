import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { jsonDiff, mergeAttributes, SesameError, TenantPolicy, validateAttributes } from '@sesame/domain';
import type {
  Actor, CreateUserRequest, CreateUserResponse, DeleteUserRequest, GetUserRequest, LinkView, ListUsersRequest, ListUsersResponse,
  UpdateUserRequest, UserView,
} from '@sesame/messaging';
import { decodeCursor, recordEvent, toPage } from '@sesame/persistence';
import { LinkService } from '../links/link.service';
import { audit } from '../shared/audit';
import { TenantCache } from '../shared/tenant-cache';
import { UserRepository, UserRow } from './user.repository';

type Db = Pick<EntityManager, 'query'>;

/** Users of a tenant: create (optionally with a registration link), read, list, update, delete. */
@Injectable()
export class UserService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TenantCache) private readonly tenants: TenantCache,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(LinkService) private readonly links: LinkService,
  ) {}

  /**
   * Creates the user; when the policy says so (Entrust "Automatically Email Magic Links"), also a
   * registration link that is emailed — in the same transaction, so neither exists without the other.
   */
  async create(req: CreateUserRequest): Promise<CreateUserResponse> {
    const { policy } = await this.tenants.get(req.tenantId);
    const attr = policy.users.email_attribute;
    const attributes = validateAttributes(req.attributes ?? {});
    return this.db.transaction(async (m) => {
      const row = await this.users.insert(m, {
        id: req.requestId, tenantId: req.tenantId, email: req.email.toLowerCase(), status: req.status ?? 'active', attributes,
        magicLinkEmail: req.magicLinkEmail?.toLowerCase() ?? null,
      }, attr);
      if (!row) {
        const replayed = await this.users.findById(req.tenantId, req.requestId, attr, m);
        if (replayed) return { ...toUserView(replayed), registration_link: null };
        throw new SesameError('conflict', 'A user with this email already exists');
      }
      await this.changed(m, req.tenantId, req.actor, 'user.created', row, { email: row.email, status: row.status });
      const registration_link = shouldSendRegistration(policy, row) ? await this.sendRegistration(m, req, row.id) : null;
      return { ...toUserView(row), registration_link };
    });
  }

  async get(req: GetUserRequest): Promise<UserView> {
    const { policy } = await this.tenants.get(req.tenantId);
    const row = await this.users.findById(req.tenantId, req.id, policy.users.email_attribute);
    if (!row) throw new SesameError('not_found', 'User not found');
    return toUserView(row);
  }

  async list(req: ListUsersRequest): Promise<ListUsersResponse> {
    const { policy } = await this.tenants.get(req.tenantId);
    const rows = await this.users.list({
      tenantId: req.tenantId, email: req.email?.toLowerCase(), status: req.status, after: decodeCursor(req.cursor, 'uuid'), limit: req.limit + 1,
    }, policy.users.email_attribute);
    return toPage(rows, req.limit, toUserView);
  }

  /** Changes only the fields given; `attributes` merges key by key. A change of nothing records nothing. */
  async update(req: UpdateUserRequest): Promise<UserView> {
    const { policy } = await this.tenants.get(req.tenantId);
    const attr = policy.users.email_attribute;
    return this.db.transaction(async (m) => {
      const current = await this.users.lockById(m, req.tenantId, req.id, attr);
      if (!current) throw new SesameError('not_found', 'User not found');
      const next = {
        email: req.email?.toLowerCase() ?? current.email,
        status: req.status ?? current.status,
        attributes: req.attributes ? validateAttributes(mergeAttributes(current.attributes, req.attributes)) : current.attributes,
        magicLinkEmail: req.magicLinkEmail === undefined ? current.magic_link_email : req.magicLinkEmail?.toLowerCase() ?? null,
      };
      const changes = jsonDiff(
        { email: current.email, status: current.status, magic_link_email: current.magic_link_email, attributes: current.attributes },
        { email: next.email, status: next.status, magic_link_email: next.magicLinkEmail, attributes: next.attributes },
      );
      if (changes.length === 0) return toUserView(current);
      const row = await this.users.update(m, req.tenantId, req.id, next, attr).catch((err: unknown) => {
        throw isUniqueViolation(err) ? new SesameError('conflict', 'A user with this email already exists') : err;
      });
      await this.changed(m, req.tenantId, req.actor, 'user.updated', row, { changes }, changes.map((c) => c.path));
      return toUserView(row);
    });
  }

  /** Deletes the user with their links; audit events about them are kept. */
  async delete(req: DeleteUserRequest): Promise<void> {
    await this.db.transaction(async (m) => {
      const gone = await this.users.delete(m, req.tenantId, req.id);
      if (!gone) throw new SesameError('not_found', 'User not found');
      await audit(m, { tenantId: req.tenantId, action: 'user.deleted', subjectType: 'user', subjectId: gone.id, userId: gone.id, actor: req.actor, data: { email: gone.email } });
      await recordEvent(m, req.tenantId, 'user.deleted', { user_id: gone.id, email: gone.email });
    });
  }

  private sendRegistration(m: Db, req: CreateUserRequest, userId: string): Promise<LinkView> {
    return this.links.createInTransaction(m, {
      requestId: randomUUID(), tenantId: req.tenantId, actor: req.actor, userId, type: 'registration', send: true,
    });
  }

  /** The audit event and (when subscribed) webhook event of a user change, in the caller's transaction. */
  private async changed(
    m: Db, tenantId: string, actor: Actor, type: 'user.created' | 'user.updated', row: UserRow, auditData: Record<string, unknown>,
    changedFields?: string[],
  ): Promise<void> {
    await audit(m, { tenantId, action: type, subjectType: 'user', subjectId: row.id, userId: row.id, actor, data: auditData });
    const user = { user_id: row.id, email: row.email, status: row.status };
    if (type === 'user.created') await recordEvent(m, tenantId, type, user);
    else await recordEvent(m, tenantId, type, { ...user, changes: changedFields ?? [] });
  }
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { driverError?: { code?: string } })?.driverError?.code === '23505';
}

function shouldSendRegistration(policy: TenantPolicy, user: UserRow): boolean {
  return policy.users.auto_send_registration && policy.links.registration.enabled && user.status === 'active';
}

export function toUserView(r: UserRow): UserView {
  return {
    id: r.id,
    email: r.email,
    status: r.status,
    attributes: r.attributes,
    magic_link_email: r.magic_link_email,
    magic_link_address: r.magic_link_address,
    email_verified_at: r.email_verified_at ? new Date(r.email_verified_at).toISOString() : null,
    has_password: r.has_password,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

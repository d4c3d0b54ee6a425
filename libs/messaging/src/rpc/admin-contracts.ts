import type { TenantPolicy, UserStatus } from '@sesame/domain';
import type { Actor, LinkView } from './rpc-contracts';

/** Request and response shapes of the tenant administration RPCs: policy, users, audit log. */

export interface GetPolicyRequest {
  tenantId: string;
}
/** A JSON merge patch of the policy (libs/domain/src/policy); validated in token-service. */
export interface UpdatePolicyRequest {
  tenantId: string;
  patch: unknown;
  actor: Actor;
}
export type PolicyView = TenantPolicy;

export interface UserView {
  id: string;
  /** Null only for a user created by phone alone (Passage). */
  email: string | null;
  status: UserStatus;
  attributes: Record<string, unknown>;
  /** The per-user override; null when the policy's email attribute decides. */
  magic_link_email: string | null;
  /** Where a magic link for this user goes today (override, then the policy's attribute, then email). */
  magic_link_address: string | null;
  /** Set when a verify_email link of the user was consumed (or a registration validated). */
  email_verified_at: string | null;
  /** E.164; where sms links go. */
  phone: string | null;
  /** Set when a verify_email link for the sms channel (Passage verify_identifier) was consumed. */
  phone_verified_at: string | null;
  /** Whether the user has a password (first factor); the hash never leaves token-service. */
  has_password: boolean;
  created_at: string;
  updated_at: string;
}

export interface CreateUserRequest {
  requestId: string;
  tenantId: string;
  actor: Actor;
  email: string;
  status?: UserStatus;
  attributes?: Record<string, unknown>;
  magicLinkEmail?: string | null;
}
/** `registration_link` is set when the policy sent one automatically (Entrust "Automatically Email Magic Links"). */
export interface CreateUserResponse extends UserView {
  registration_link: LinkView | null;
}

export interface GetUserRequest {
  tenantId: string;
  id: string;
}
export interface ListUsersRequest {
  tenantId: string;
  email?: string;
  status?: UserStatus;
  cursor?: string;
  limit: number;
}
export interface ListUsersResponse {
  data: UserView[];
  next_cursor: string | null;
}
/** Absent fields are left alone; `attributes` is merged key by key (null removes a key). */
export interface UpdateUserRequest {
  tenantId: string;
  id: string;
  actor: Actor;
  email?: string;
  status?: UserStatus;
  attributes?: Record<string, unknown>;
  magicLinkEmail?: string | null;
}
export interface DeleteUserRequest {
  tenantId: string;
  id: string;
  actor: Actor;
}

export interface ListAuditEventsRequest {
  tenantId: string;
  /** Event types (`magiclink.created`, `policy.updated`, …); any of them. */
  types?: string[];
  userId?: string;
  linkId?: string;
  /** ISO 8601; inclusive. */
  since?: string;
  /** ISO 8601; exclusive. */
  until?: string;
  cursor?: string;
  limit: number;
}
export interface AuditEventView {
  id: string;
  type: string;
  created_at: string;
  /** api_key_id is null when the system or an end user's browser acted. */
  actor: { api_key_id: string | null; ip: string | null; user_agent: string | null };
  subject: { type: string; id: string | null };
  user_id: string | null;
  data: Record<string, unknown>;
}
export interface ListAuditEventsResponse {
  data: AuditEventView[];
  next_cursor: string | null;
}

import type { Actor } from './rpc-contracts';

/** RPC of the admin console: signing its users in by magic link, and managing them. */
export const CONSOLE_RPC = {
  signInRequest: 'console.sign-in.request',
  signInComplete: 'console.sign-in.complete',
  usersList: 'console.users.list',
  usersCreate: 'console.users.create',
  usersUpdate: 'console.users.update',
  stats: 'console.stats',
} as const;
export type ConsoleRpcPattern = (typeof CONSOLE_RPC)[keyof typeof CONSOLE_RPC];

export const CONSOLE_ROLES = ['admin', 'viewer'] as const;
export type ConsoleRoleName = (typeof CONSOLE_ROLES)[number];

export interface ConsoleUserView {
  id: string;
  email: string;
  role: ConsoleRoleName;
  disabled: boolean;
  created_at: string;
}

/** Answered before it runs (like the public sign-in): nothing tells whether the address is a console user. */
export interface ConsoleSignInRequest {
  requestId: string;
  tenantId: string;
  email: string;
  ip: string | null;
  userAgent: string | null;
}

/** The code the console's callback received; only a console sign-in link's code is accepted. */
export interface ConsoleSignInCompleteRequest {
  tenantId: string;
  code: string;
  actor: Actor;
}

export interface ConsoleSignedIn {
  userId: string;
  tenantId: string;
  email: string;
  role: ConsoleRoleName;
}

export interface ListConsoleUsersRequest {
  tenantId: string;
  q?: string;
  cursor?: string;
  limit: number;
}

export interface ListConsoleUsersResponse {
  data: ConsoleUserView[];
  next_cursor: string | null;
}

export interface CreateConsoleUserRequest {
  requestId: string;
  tenantId: string;
  email: string;
  role: ConsoleRoleName;
  actor: Actor;
}

export interface UpdateConsoleUserRequest {
  tenantId: string;
  id: string;
  role?: ConsoleRoleName;
  disabled?: boolean;
  actor: Actor;
}

export const STATS_WINDOWS = ['24h', '7d'] as const;
export type StatsWindow = (typeof STATS_WINDOWS)[number];

export interface StatsRequest {
  tenantId: string;
  window: StatsWindow;
}

/** What the overview charts: counts per bucket (hours over 24 h, days over 7 d), oldest first. */
export const STATS_SERIES = ['links_created', 'links_consumed', 'links_expired', 'emails_sent', 'emails_failed', 'webhook_failures'] as const;
export type StatsSeries = (typeof STATS_SERIES)[number];

export interface StatsResponse {
  window: StatsWindow;
  bucket: 'hour' | 'day';
  buckets: ({ start: string } & Record<StatsSeries, number>)[];
  totals: Record<StatsSeries, number>;
}

/** The console's callback path: links of console sign-ins land here, and nothing else is exchanged here. */
export const CONSOLE_CALLBACK_PATH = '/console/auth/callback';

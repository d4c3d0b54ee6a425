import type { Actor } from './rpc-contracts';

/** RPC of the admin console: signing its users in by magic link, and managing them. */
export const CONSOLE_RPC = {
  signInRequest: 'console.sign-in.request',
  signInComplete: 'console.sign-in.complete',
  usersList: 'console.users.list',
  usersCreate: 'console.users.create',
  usersUpdate: 'console.users.update',
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

/** The console's callback path: links of console sign-ins land here, and nothing else is exchanged here. */
export const CONSOLE_CALLBACK_PATH = '/console/auth/callback';

import { USER_STATUSES, UserStatus } from '@sesame/domain';
import type { CreateUserResponse, ListUsersResponse, SetPasswordResponse, UserView } from '@sesame/messaging';
import { Bool, JsonObject, NestedList, NextCursor, NullableNested, NullableText, NullableTimestamp, OneOf, Timestamp, Uuid } from '../openapi/schema-props';
import { MagicLink } from './magic-links.response';

export class User implements UserView {
  @Uuid() id!: string;
  @NullableText({ description: 'Null only for a user created by phone alone (Passage).' }) email!: string | null;
  @OneOf(USER_STATUSES) status!: UserStatus;
  @JsonObject({ description: 'The tenant\'s own fields, as given.' }) attributes!: Record<string, unknown>;
  @NullableText({ description: 'The per-user override; null when the policy\'s email attribute decides.' }) magic_link_email!: string | null;
  @NullableText({ description: 'Where a magic link for this user goes today.' }) magic_link_address!: string | null;
  @NullableTimestamp() email_verified_at!: string | null;
  @NullableText({ description: 'E.164; where sms links go.' }) phone!: string | null;
  @NullableTimestamp() phone_verified_at!: string | null;
  @Bool({ description: 'Whether the user has a password; the hash never leaves Sesame.' }) has_password!: boolean;
  @Timestamp() created_at!: string;
  @Timestamp() updated_at!: string;
}

export class CreatedUser extends User implements CreateUserResponse {
  @NullableNested(() => MagicLink, { description: 'Set when the policy emails a registration link on creation (`users.auto_send_registration`).' })
  registration_link!: MagicLink | null;
}

export class UserPage implements ListUsersResponse {
  @NestedList(() => User) data!: User[];
  @NextCursor() next_cursor!: string | null;
}

export class PasswordSet implements SetPasswordResponse {
  @Uuid() user_id!: string;
  @Bool() has_password!: boolean;
  @NullableTimestamp() password_changed_at!: string | null;
}

/**
 * Compiled by `npm run typecheck`, never run: calls written against the types generated from the
 * OpenAPI document (`npm run client:generate`). If the document stops describing a response, these
 * stop compiling, because an undescribed response has no fields (`Undocumented` or `never`).
 */
import type { components, operations, paths, webhooks } from '../src/generated/openapi';
import type { Body, ItemOf, Ok, Query } from '../src/api-types';
import { Sesame } from '../src';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function assertType<T extends true>(): T | void {}

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;

// Create a link: a typed 201 body whose `url` appears only for send=false.
type Created = JsonOf<operations['magicLinks.create']['responses'][201]>;
assertType<Equal<Created, components['schemas']['CreatedMagicLink']>>();
assertType<Equal<Created['status'], 'active' | 'consumed' | 'expired' | 'revoked'>>();
assertType<Equal<Created['url'], string | undefined>>();
assertType<Equal<Created['consumed_at'], string | null>>();
assertType<Equal<Ok<'/v1/magic-links', 'post'>, Created>>();

// List users: each item is a User; the page has a nullable cursor.
type UserItem = ItemOf<Ok<'/v1/users', 'get'>>;
assertType<Equal<UserItem, components['schemas']['User']>>();
assertType<Equal<UserItem['email'], string | null>>();
assertType<Equal<Ok<'/v1/users', 'get'>['next_cursor'], string | null>>();
assertType<Equal<Query<'/v1/users', 'get'>['limit'], number | undefined>>();

// Delete a user: 204, no body. Revoking a link answers with the link.
assertType<Equal<Ok<'/v1/users/{id}', 'delete'>, void>>();
assertType<Equal<Ok<'/v1/magic-links/{id}', 'delete'>['revoked_at'], string | null>>();
assertType<Equal<operations['users.remove']['parameters']['path'], { id: string }>>();

// Errors: one body for every status, its code one of the stable codes.
type NotFound = JsonOf<operations['users.get']['responses'][404]>;
assertType<Equal<NotFound, components['schemas']['ErrorResponse']>>();
const code: NotFound['error']['code'] = 'not_found';

// Verification, the authenticate answer, and a webhook body from docs/events.
assertType<Equal<Ok<'/v1/magic-links/authenticate', 'post'>['user']['id'], string>>();
assertType<Equal<Body<'/v1/magic-links/exchange', 'post'>['code'], string>>();
type CreatedEvent = components['schemas']['Event_magiclink_created'];
assertType<Equal<CreatedEvent['type'], 'magiclink.created'>>();
assertType<Equal<keyof webhooks extends string ? true : false, true>>();
assertType<Equal<keyof paths extends string ? true : false, true>>();

// The SDK's methods return the same types.
async function sdkCalls(sesame: Sesame): Promise<void> {
  const link = await sesame.magicLinks.create({ email: 'ada@example.com', send: false });
  const url: string | undefined = link.url;
  for await (const user of sesame.users.list({ limit: 50 })) {
    const id: string = user.id;
    void id;
  }
  const none: void = await sesame.users.delete(link.user_id);
  void [url, none, code];
}
void sdkCalls;

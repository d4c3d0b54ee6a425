import type { BodyOf, ItemOf, OkOf, QueryOf, Undocumented } from './api-types';
import { pathOf } from './paths';

/**
 * The derivation must be exact once the OpenAPI document describes a route: these operations have
 * the shape openapi-typescript generates. The type assertions are checked by `npm run typecheck`
 * (a wrong derivation does not compile); the runtime cases below cover `pathOf`.
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function assertType<T extends true>(): T | void {}

interface Link { id: string; url?: string }
interface CreateOp {
  parameters: { query?: never; header?: { 'Idempotency-Key'?: string }; path?: never; cookie?: never };
  requestBody: { content: { 'application/json': { email?: string; send?: boolean } } };
  responses: { 201: { headers: { [name: string]: unknown }; content: { 'application/json': Link } }; 400: { headers: { [name: string]: unknown }; content: { 'application/json': { error: { code: string } } } } };
}
interface ListOp {
  parameters: { query?: { user_id?: string; cursor?: string; limit?: number }; header?: never; path?: never; cookie?: never };
  requestBody?: never;
  responses: { 200: { headers: { [name: string]: unknown }; content: { 'application/json': { data: Link[]; next_cursor: string | null } } } };
}
interface DeleteOp {
  parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
  requestBody?: never;
  responses: { 204: { headers: { [name: string]: unknown }; content?: never }; 404: { headers: { [name: string]: unknown }; content: { 'application/json': { error: { code: string } } } } };
}
/** What today's document gives a route without a response schema. */
interface UndescribedOp {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  requestBody?: never;
  responses: { 200: { headers: { [name: string]: unknown }; content?: never } };
}

assertType<Equal<OkOf<CreateOp>, Link>>();
assertType<Equal<BodyOf<CreateOp>, { email?: string; send?: boolean }>>();
assertType<Equal<QueryOf<CreateOp>, Record<string, never>>>();
assertType<Equal<QueryOf<ListOp>, { user_id?: string; cursor?: string; limit?: number }>>();
assertType<Equal<ItemOf<OkOf<ListOp>>, Link>>();
assertType<Equal<OkOf<DeleteOp>, void>>();
assertType<Equal<OkOf<UndescribedOp>, Undocumented>>();
assertType<Equal<ItemOf<OkOf<UndescribedOp>>, Undocumented>>();

describe('pathOf', () => {
  it('fills each parameter as one encoded segment', () => {
    expect(pathOf('/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/replay', { id: 'a/b', deliveryId: 'msg_1?x=2' }))
      .toBe('/v1/webhook-endpoints/a%2Fb/deliveries/msg_1%3Fx%3D2/replay');
    expect(pathOf('/v1/magic-links', {})).toBe('/v1/magic-links');
  });

  it('refuses an empty or missing parameter instead of calling another route', () => {
    expect(() => pathOf('/v1/users/{id}', { id: '' })).toThrow(/missing path parameter id/);
    expect(() => pathOf('/v1/users/{id}', {} as { id: string })).toThrow(TypeError);
  });
});

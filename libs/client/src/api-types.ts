import type { paths } from './generated/openapi';

/**
 * Request and response types derived from the OpenAPI document (`./generated/openapi.ts`,
 * generated from the gateway's `/docs/json`). Nothing here names a field: regenerate the document
 * and every method's parameters and results follow.
 */

export type Path = keyof paths;
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A JSON object the document does not describe (a route whose schema is missing). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Undocumented = { [field: string]: any };

type Operation<P extends Path, M extends Method> = NonNullable<paths[P][M]>;

/** The JSON request body of an operation. */
export type Body<P extends Path, M extends Method> = BodyOf<Operation<P, M>>;

/** The query parameters of an operation (`{}` when it takes none). */
export type Query<P extends Path, M extends Method> = QueryOf<Operation<P, M>>;

/** The JSON body of an operation's success answer; `void` for `204 No Content`. */
export type Ok<P extends Path, M extends Method> = OkOf<Operation<P, M>>;

// The same, over one operation object of openapi-typescript's output (exported for their tests).
export type BodyOf<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : Undocumented;
export type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? ([Q] extends [never | undefined] ? Record<string, never> : NonNullable<Q>) : Record<string, never>;
export type OkOf<Op> = Op extends { responses: infer R } ? SuccessOf<R> : Undocumented;

type SuccessOf<R> = 204 extends keyof R ? void
  : R extends { 200: infer X } ? JsonContent<X>
  : R extends { 201: infer X } ? JsonContent<X>
  : R extends { 202: infer X } ? JsonContent<X>
  : Undocumented;

type JsonContent<R> = R extends { content: { 'application/json': infer T } } ? T : Undocumented;

/** One page of a cursor-paginated list: `{ data, next_cursor }`. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** The element type of a paginated answer's `data`. */
export type ItemOf<R> = R extends { data: Array<infer T> } ? T : Undocumented;

import type { Path } from './api-types';

/** `'/v1/users/{id}/password'` → `'id'`: the names a path template needs. */
export type PathParamNames<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParamNames<Rest> : never;

export type PathParams<P extends Path> = [PathParamNames<P & string>] extends [never] ? Record<string, never> : Record<PathParamNames<P & string>, string>;

/**
 * The concrete path of a documented route: a template that is not in the OpenAPI document, or a
 * missing parameter, does not compile. Each value is percent-encoded as one path segment, so an id
 * can never add a segment (`../`) or a query.
 */
export function pathOf<P extends Path>(template: P, params: PathParams<P>): string {
  return (template as string).replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = (params as Record<string, string | undefined>)[name];
    if (value === undefined || value === '') throw new TypeError(`${template}: missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}

import { METHOD_METADATA } from '@nestjs/common/constants';
import { DECORATORS } from '@nestjs/swagger';
import type { ErrorCode } from '@sesame/domain';

/** The operation extension `buildOpenApiDocument` turns into one error response per status. */
export const ERROR_CODES_EXTENSION = 'x-sesame-error-codes';

/**
 * Documents the stable error codes a route can answer with (`ERROR_STATUS` gives each its status).
 * Repeated uses add up, so a guard's decorator and the handler's own list combine; on a class it
 * applies to every route of the class.
 */
export function ApiErrors(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      addCodes(descriptor.value, codes);
      return descriptor;
    }
    for (const handler of routeHandlers(target as new (...args: never[]) => unknown)) addCodes(handler, codes);
    return target;
  }) as MethodDecorator & ClassDecorator;
}

function addCodes(handler: object, codes: ErrorCode[]): void {
  const extensions: Record<string, unknown> = Reflect.getMetadata(DECORATORS.API_EXTENSION, handler) ?? {};
  const current = (extensions[ERROR_CODES_EXTENSION] as ErrorCode[] | undefined) ?? [];
  Reflect.defineMetadata(DECORATORS.API_EXTENSION, { ...extensions, [ERROR_CODES_EXTENSION]: [...new Set([...current, ...codes])] }, handler);
}

// Class decorators run after the method ones, so every route method is already marked.
function routeHandlers(cls: new (...args: never[]) => unknown): object[] {
  return Object.getOwnPropertyNames(cls.prototype)
    .filter((name) => name !== 'constructor')
    .map((name) => Object.getOwnPropertyDescriptor(cls.prototype, name)?.value)
    .filter((fn): fn is object => typeof fn === 'function' && Reflect.hasMetadata(METHOD_METADATA, fn));
}

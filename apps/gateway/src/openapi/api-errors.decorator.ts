import { applyDecorators } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ApiExtraModels, DECORATORS } from '@nestjs/swagger';
import type { ErrorCode } from '@sesame/domain';

/** Operation extensions `buildOpenApiDocument` turns into one error response per status. */
export const ERROR_CODES_EXTENSION = 'x-sesame-error-codes';
export const ERROR_SCHEMA_EXTENSION = 'x-sesame-error-schema';

type Handler = object;
type Decorator = MethodDecorator & ClassDecorator;

/**
 * Documents the stable error codes a route can answer with (`ERROR_STATUS` gives each its status).
 * Repeated uses add up, so a guard's decorator and the handler's own list combine; on a class it
 * applies to every route of the class.
 */
export function ApiErrors(...codes: ErrorCode[]): Decorator {
  return onHandlers((handler) => extend(handler, ERROR_CODES_EXTENSION, (current: ErrorCode[] = []) => [...new Set([...current, ...codes])]));
}

/** The routes answer errors in this shape (a compatibility API's own), or ErrorResponse when refused before they run. */
export function ApiErrorBody(schema: new () => unknown): ClassDecorator {
  return applyDecorators(ApiExtraModels(schema), onHandlers((handler) => extend(handler, ERROR_SCHEMA_EXTENSION, () => schema.name)));
}

function extend<T>(handler: Handler, key: string, next: (current: T | undefined) => T): void {
  const extensions: Record<string, unknown> = Reflect.getMetadata(DECORATORS.API_EXTENSION, handler) ?? {};
  Reflect.defineMetadata(DECORATORS.API_EXTENSION, { ...extensions, [key]: next(extensions[key] as T | undefined) }, handler);
}

function onHandlers(apply: (handler: Handler) => void): Decorator {
  return ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      apply(descriptor.value);
      return descriptor;
    }
    routeHandlers(target as new (...args: never[]) => unknown).forEach(apply);
    return target;
  }) as Decorator;
}

// Class decorators run after the method ones, so every route method is already marked.
function routeHandlers(cls: new (...args: never[]) => unknown): Handler[] {
  return Object.getOwnPropertyNames(cls.prototype)
    .filter((name) => name !== 'constructor')
    .map((name) => Object.getOwnPropertyDescriptor(cls.prototype, name)?.value)
    .filter((fn): fn is Handler => typeof fn === 'function' && Reflect.hasMetadata(METHOD_METADATA, fn));
}

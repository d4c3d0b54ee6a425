import { ValidationError, ValidationPipe } from '@nestjs/common';
import { useContainer, ValidateIf } from 'class-validator';
import { SesameError } from '@sesame/domain';

/**
 * class-validator looks up the instance of every constraint of every property on every request,
 * and its default container finds it by a linear search over all the constraint classes the DTOs
 * declared (each decorator use is its own class: hundreds). A map does the same lookup in O(1);
 * the profile of POST /v1/magic-links showed the search as 3 % of the gateway's CPU.
 */
const constraints = new Map<unknown, unknown>();
useContainer({
  get<T>(someClass: new () => T): T {
    let instance = constraints.get(someClass) as T | undefined;
    if (!instance) constraints.set(someClass, (instance = new someClass()));
    return instance;
  },
});

/**
 * class-validator on every body and query: unknown fields refused, values converted only where
 * declared. Failures are 400 `validation_failed` with one entry per field, or `unknown_type` when
 * the only problem is the link type.
 */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors: ValidationError[]) => {
      const fields = flatten(errors);
      if (fields.length === 1 && fields[0]?.field === 'type') {
        return new SesameError('unknown_type', fields[0].message, { fields });
      }
      return new SesameError('validation_failed', fields.map((f) => f.message).join('; ') || 'Invalid request', { fields });
    },
  });
}

function flatten(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * A field that may be left out but is never null. class-validator's `@IsOptional()` skips the
 * field's checks for null as well as for a missing value, so `{"events": null}` reached code that
 * only expects a value or `undefined` (a PATCH's "leave unchanged"); with this, null is checked
 * like any other value and refused by the field's type check.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object, value: unknown) => value !== undefined);
}


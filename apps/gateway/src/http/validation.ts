import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { SesameError } from '@sesame/domain';

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


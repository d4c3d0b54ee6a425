import { registerDecorator, ValidationOptions } from 'class-validator';
import { MAX_USER_ATTRIBUTES, MAX_USER_ATTRIBUTES_BYTES, validateAttributes } from '@sesame/domain';

/** Free-form user attributes as libs/domain/src/user-attributes.ts defines them (50 named keys, 8 KB). */
export function IsUserAttributes(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isUserAttributes',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must be an object of at most ${MAX_USER_ATTRIBUTES} attributes named with letters, digits, _ . - (at most ${MAX_USER_ATTRIBUTES_BYTES} bytes)`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => {
          try {
            validateAttributes(value);
            return true;
          } catch {
            return false;
          }
        },
      },
    });
}

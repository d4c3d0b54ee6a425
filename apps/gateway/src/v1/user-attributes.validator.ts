import { registerDecorator, ValidationOptions } from 'class-validator';
import { ATTRIBUTE_NAME, MAX_USER_ATTRIBUTES, MAX_USER_ATTRIBUTES_BYTES } from '@sesame/domain';

/** A JSON object of at most 50 attributes with attribute names as keys (values: any JSON). */
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
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) &&
          Object.keys(value).length <= MAX_USER_ATTRIBUTES &&
          Object.keys(value).every((k) => ATTRIBUTE_NAME.test(k)) &&
          Buffer.byteLength(JSON.stringify(value)) <= MAX_USER_ATTRIBUTES_BYTES,
      },
    });
}

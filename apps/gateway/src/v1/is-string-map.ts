import { registerDecorator, ValidationOptions } from 'class-validator';

const MAX_KEYS = 50;
const MAX_VALUE = 1000;

/** A flat object of at most 50 string values (context_data). */
export function IsStringMap(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isStringMap',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must map at most ${MAX_KEYS} keys to strings of at most ${MAX_VALUE} characters`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) &&
          Object.keys(value).length <= MAX_KEYS &&
          Object.entries(value).every(([k, v]) => k.length <= 100 && typeof v === 'string' && v.length <= MAX_VALUE),
      },
    });
}

import { registerDecorator, ValidationOptions } from 'class-validator';
import { isContextData, MAX_CONTEXT_KEYS, MAX_CONTEXT_STRING_LENGTH } from '@sesame/domain';

/** `context_data`: a flat object of JSON scalars, kept with their types (libs/domain context-data.ts). */
export function IsContextData(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isContextData',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: `${String(propertyName)} must map at most ${MAX_CONTEXT_KEYS} keys to strings (of at most ${MAX_CONTEXT_STRING_LENGTH} characters), numbers, booleans or null`,
        ...options,
      },
      validator: { validate: isContextData },
    });
}

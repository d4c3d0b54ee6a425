import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

/**
 * Property decorators of the response classes, one per JSON shape, so a class reads like the JSON
 * it documents. Required unless `required: false`; nullable ones say so in their name.
 */
interface Options {
  description?: string;
  example?: unknown;
  required?: boolean;
}
type Cls = new (...args: never[]) => unknown;

// A lazy `type` must be an arrow written as the `type` property: @nestjs/swagger recognises it by that name.
const prop = (options: Record<string, unknown>) => ApiProperty(options as ApiPropertyOptions);

export const Text = (o: Options = {}) => prop({ type: String, ...o });
export const NullableText = (o: Options = {}) => prop({ type: String, nullable: true, ...o });
export const TextList = (o: Options = {}) => prop({ type: String, isArray: true, ...o });
export const Uuid = (o: Options = {}) => prop({ type: String, format: 'uuid', ...o });
export const NullableUuid = (o: Options = {}) => prop({ type: String, format: 'uuid', nullable: true, ...o });
export const Timestamp = (o: Options = {}) => prop({ type: String, format: 'date-time', ...o });
export const NullableTimestamp = (o: Options = {}) => prop({ type: String, format: 'date-time', nullable: true, ...o });
export const Int = (o: Options = {}) => prop({ type: 'integer', ...o });
export const NullableInt = (o: Options = {}) => prop({ type: 'integer', nullable: true, ...o });
export const Bool = (o: Options = {}) => prop({ type: Boolean, ...o });
export const OneOf = (values: readonly string[], o: Options = {}) => prop({ enum: [...values], ...o });
export const NullableOneOf = (values: readonly string[], o: Options = {}) => prop({ enum: [...values], nullable: true, ...o });
/** A JSON object whose keys the API does not fix (attributes, settings, event data). */
export const JsonObject = (o: Options = {}) => prop({ type: 'object', additionalProperties: true, ...o });
export const NullableJsonObject = (o: Options = {}) => prop({ type: 'object', additionalProperties: true, nullable: true, ...o });
export const Nested = (cls: () => Cls, o: Options = {}) => prop({ type: () => cls(), ...o });
export const NullableNested = (cls: () => Cls, o: Options = {}) => prop({ type: () => cls(), nullable: true, ...o });
export const NestedList = (cls: () => Cls, o: Options = {}) => prop({ type: () => [cls()], ...o });
/** Pass it back as `cursor` for the next page; null on the last page. */
export const NextCursor = () => NullableText({ description: 'Pass it back as `cursor` for the next page; null on the last page.' });
/** context_data: flat, values keep their JSON type. */
export const ContextDataProp = (o: Options = {}) => prop({
  type: 'object', nullable: true,
  additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }] }, ...o,
});

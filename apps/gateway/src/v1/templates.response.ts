import { ApiProperty } from '@nestjs/swagger';
import type { ListTemplatesResponse, RenderedTemplate, TemplateSource, TemplateSummary, TemplateView, TestSendTemplateResponse } from '@sesame/messaging';
import { NestedList, NullableTimestamp, OneOf, Text } from '../openapi/schema-props';

const SOURCES: readonly TemplateSource[] = ['default', 'custom'];

export class TemplateListItem implements TemplateSummary {
  @Text({ example: 'login' }) type!: string;
  @Text({ example: 'en' }) language!: string;
  @OneOf(SOURCES, { description: '`custom`: the tenant saved an override.' }) source!: TemplateSource;
  @NullableTimestamp({ description: 'Null for a default.' }) updated_at!: string | null;
}

export class TemplateList implements ListTemplatesResponse {
  @NestedList(() => TemplateListItem) data!: TemplateListItem[];
}

/** The Mustache sources (or, rendered, the result) of one email. */
export class EmailBodies implements RenderedTemplate {
  @Text() subject!: string;
  @Text() html!: string;
  @Text() text!: string;
}

export class Template extends TemplateListItem implements TemplateView {
  @Text() subject!: string;
  @Text() html!: string;
  @Text() text!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Every variable a template may use, name → description.' })
  variables!: Record<string, string>;
}

export class TemplateTestSent implements TestSendTemplateResponse {
  @Text({ description: 'Names the queued test send.' }) id!: string;
  @Text() to!: string;
}

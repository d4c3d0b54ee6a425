/**
 * The variables a message template may use (defaults and tenant overrides alike). Values are
 * escaped when rendered into HTML; sections (`{{#code}}…{{/code}}`) show a part only when the
 * value is present.
 */
export const TEMPLATE_VARIABLES = {
  link: 'the magic link (required in html and text)',
  code: 'the one-time code fallback, when the link has one',
  app_name: 'the tenant\'s app name (policy app.name)',
  action_name: 'the request\'s action_name, when given',
  short_message: 'the request\'s short_message, when given',
  expires_in: 'the lifetime in words in the message\'s language ("in 10 minutes")',
  recipient: 'the address the message goes to',
  type: 'login, registration, password_reset or verify_email',
  language: 'the message\'s language (en, es, fr, de, pt)',
  logo_url: 'branding: logo URL, when set',
  brand_color: 'branding: primary colour (#rrggbb)',
  footer_text: 'branding: footer text, when set',
} as const;
export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;

/** The values one message is rendered with. Optional ones are empty strings when absent. */
export type TemplateView = Record<TemplateVariable, string>;

import type { Plural } from './catalogue';

/**
 * Fills `{{name}}` tags of a catalogue string. Values are inserted as given; the HTML layer
 * escapes the result once, so a tenant's app name can never become markup.
 */
export function fill(template: string, values: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (tag, name: string) => (name in values ? String(values[name]) : tag));
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** The `one` or `other` form for `count` in `locale`, with `{{count}}` and the other values filled. */
export function plural(forms: Plural, count: number, locale: string, values: Readonly<Record<string, string | number>> = {}): string {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  return fill(rules.select(count) === 'one' ? forms.one : forms.other, { ...values, count });
}

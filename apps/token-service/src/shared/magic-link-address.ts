/**
 * Where a user's magic links go: the per-user `magic_link_email`, else the address held in the
 * attribute the tenant policy names (`users.email_attribute`, when it holds an address), else the
 * user's email. This is the middle step as SQL; `attr` is the placeholder of the attribute name.
 */
export function attributeAddressSql(attributes: string, attr: string): string {
  return `CASE WHEN ${attr}::text <> 'email' AND (${attributes}->>${attr}::text) ~ '^[^@[:space:]]+@[^@[:space:]]+$'
               THEN lower(${attributes}->>${attr}::text) END`;
}

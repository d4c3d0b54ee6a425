import { randomBytes } from 'node:crypto';

/** `Acme Corp!` → `acme-corp`; never empty. */
export function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return base || 'tenant';
}

export function withSuffix(slug: string): string {
  return `${slug}-${randomBytes(3).toString('hex')}`;
}

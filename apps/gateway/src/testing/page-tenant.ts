import { defaultPolicy, TenantPolicy } from '@sesame/domain';
import type { PageTenant } from '../pages/page-context';

/** A tenant "acme" (app "Acme" at https://app.acme.test) with its default policy, app and branding patched. */
export function tenantWith(patch: { app?: Partial<TenantPolicy['app']>; branding?: Partial<TenantPolicy['branding']> } = {}): PageTenant {
  const policy = defaultPolicy({ tenantName: 'Acme', appOrigin: 'https://app.acme.test' });
  return { slug: 'acme', policy: { ...policy, app: { ...policy.app, ...patch.app }, branding: { ...policy.branding, ...patch.branding } } };
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { consoleRequest, fieldError } from '../api';
import type { ScreenProps } from '../app';
import { ErrorNote, Field, SearchForm, Section, TableWrap, When } from '../ui';
import type { Page } from '../views';

interface TenantItem {
  id: string; slug: string; name: string; status: 'active' | 'disabled' | 'deleted'; created_at: string;
  activity?: { links_created?: number; links_consumed?: number; emails_sent?: number; emails_failed?: number; webhook_failures?: number };
}

/** The operator's view (root routes through an operator's session): tenants with their activity, create, disable or enable. */
export function TenantsScreen({ session }: ScreenProps) {
  const queries = useQueryClient();
  const [search, setSearch] = useState('');
  const [name, setName] = useState('');
  const [origin, setOrigin] = useState('');
  const [adminEmail, setAdminEmail] = useState('');
  const [created, setCreated] = useState<{ slug: string; api_key: string } | null>(null);
  const tenants = useQuery({
    queryKey: ['tenants', search],
    queryFn: () => consoleRequest<Page<TenantItem>>(session, 'GET', `/v1/tenants?limit=100${search ? `&q=${encodeURIComponent(search)}` : ''}`),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['tenants'] });
  const create = useMutation({
    mutationFn: () => consoleRequest<{ slug: string; api_key: string }>(session, 'POST', '/v1/tenants', {
      name: name.trim(), app_origin: origin.trim(), ...(adminEmail.trim() ? { console_admin_email: adminEmail.trim() } : {}),
    }),
    onSuccess: (t) => { setCreated(t); setName(''); setOrigin(''); setAdminEmail(''); void refresh(); },
  });
  const toggle = useMutation({
    mutationFn: (t: TenantItem) => consoleRequest<TenantItem>(session, 'PATCH', `/v1/tenants/${t.id}`, { disabled: t.status === 'active' }),
    onSuccess: () => void refresh(),
  });
  // The DTO names its fields; the tenant's first policy names the origin's issue by its policy path (app.origin).
  const fields = ['name', 'app_origin', 'app.origin', 'console_admin_email'];
  return (
    <>
      {created && (
        <div className="notice" role="status">
          <p>Tenant <strong>{created.slug}</strong> created. Its admin API key is shown once:</p>
          <p><code data-testid="tenant-key">{created.api_key}</code></p>
          <button type="button" onClick={() => setCreated(null)}>Done</button>
        </div>
      )}
      <Section title="Create a tenant">
        <form onSubmit={(e: FormEvent) => { e.preventDefault(); create.mutate(); }} noValidate>
          <Field label="Name" name="name" value={name} onChange={setName} required error={fieldError(create.error, 'name')} />
          <Field label="App origin" name="app_origin" type="url" value={origin} onChange={setOrigin} required hint="e.g. https://app.example.com"
            error={fieldError(create.error, 'app_origin') ?? fieldError(create.error, 'app.origin')} />
          <Field label="First console admin (email)" name="console_admin_email" type="email" value={adminEmail} onChange={setAdminEmail}
            error={fieldError(create.error, 'console_admin_email')} />
          {create.error && !fields.some((f) => fieldError(create.error, f)) && <ErrorNote error={create.error} />}
          <button type="submit" disabled={create.isPending}>Create tenant</button>
        </form>
      </Section>
      <Section title="Tenants">
        <SearchForm label="Search by name or slug" onSearch={setSearch} />
        <ErrorNote error={tenants.error ?? toggle.error} />
        <TableWrap label="Tenants table">
          <table>
            <thead><tr><th scope="col">Name</th><th scope="col">Slug</th><th scope="col">State</th><th scope="col">Links (24 h)</th><th scope="col">Emails failed</th><th scope="col">Created</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {tenants.data?.data.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td><td>{t.slug}</td><td>{t.status}</td>
                  <td>{t.activity?.links_created ?? 0} / {t.activity?.links_consumed ?? 0} used</td><td>{t.activity?.emails_failed ?? 0}</td>
                  <td><When at={t.created_at} /></td>
                  <td className="actions">
                    {t.status !== 'deleted' && (
                      <button type="button" className={t.status === 'active' ? 'danger' : undefined} onClick={() => toggle.mutate(t)}
                        aria-label={`${t.status === 'active' ? 'Disable' : 'Enable'} ${t.slug}`}>{t.status === 'active' ? 'Disable' : 'Enable'}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </Section>
    </>
  );
}

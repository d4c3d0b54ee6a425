import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { fieldError } from '../api';
import type { ScreenProps } from '../app';
import { ErrorNote, Field, SearchForm, Section, TableWrap, When } from '../ui';
import type { AuditEventItem, EndUserItem, LinkItem, Page } from '../views';

/** The tenant's end users: search, create, disable or enable, and one user's links and audit trail. */
export function EndUsersScreen({ api, session }: ScreenProps) {
  const queries = useQueryClient();
  const [search, setSearch] = useState('');
  const [email, setEmail] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const users = useQuery({
    queryKey: ['end-users', search],
    queryFn: async () => (await api.users.listPage({ email: search || undefined, limit: 50 })) as Page<EndUserItem>,
  });
  const links = useQuery({
    queryKey: ['end-user-links', openId],
    queryFn: async () => (await api.magicLinks.listPage({ user_id: openId!, limit: 20 })) as Page<LinkItem>,
    enabled: openId !== null,
  });
  const audit = useQuery({
    queryKey: ['end-user-audit', openId],
    queryFn: async () => (await api.auditEvents.listPage({ user_id: openId!, limit: 20 })) as Page<AuditEventItem>,
    enabled: openId !== null,
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['end-users'] });
  const create = useMutation({ mutationFn: () => api.users.create({ email: email.trim() }), onSuccess: () => { setEmail(''); void refresh(); } });
  const setStatus = useMutation({
    mutationFn: (u: { id: string; status: 'active' | 'disabled' }) => api.users.update(u.id, { status: u.status }),
    onSuccess: () => void refresh(),
  });
  const admin = session.role === 'admin';
  return (
    <>
      {admin && (
        <Section title="Add a user">
          <form onSubmit={(e: FormEvent) => { e.preventDefault(); create.mutate(); }} noValidate>
            <Field label="Email" name="email" type="email" value={email} onChange={setEmail} required error={fieldError(create.error, 'email')} />
            {create.error && !fieldError(create.error, 'email') && <ErrorNote error={create.error} />}
            <button type="submit" disabled={create.isPending}>Add user</button>
          </form>
        </Section>
      )}
      <Section title="Users">
        <SearchForm label="Search by email" type="email" error={fieldError(users.error, 'email')} onSearch={setSearch} />
        {users.error && !fieldError(users.error, 'email') && <ErrorNote error={users.error} />}
        <ErrorNote error={setStatus.error} />
        <TableWrap label="Users table">
          <table>
            <thead><tr><th scope="col">Email</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {users.data?.data.map((u) => (
                <tr key={u.id}>
                  <td>{u.email ?? '—'}</td><td>{u.status}</td><td><When at={u.created_at} /></td>
                  <td className="actions">
                    <button type="button" onClick={() => setOpenId(u.id)} aria-label={`Activity of ${u.email ?? u.id}`}>Activity</button>
                    {admin && (
                      <button type="button" onClick={() => setStatus.mutate({ id: u.id, status: u.status === 'active' ? 'disabled' : 'active' })}
                        aria-label={`${u.status === 'active' ? 'Disable' : 'Enable'} ${u.email ?? u.id}`}>{u.status === 'active' ? 'Disable' : 'Enable'}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </Section>
      {openId && (
        <Section title="Activity of a user">
          <ErrorNote error={links.error ?? audit.error} />
          <h3>Links</h3>
          <ul className="plain">
            {links.data?.data.map((l) => <li key={l.id}>{l.type} <strong>{l.status}</strong> <When at={l.created_at} /></li>)}
            {links.data?.data.length === 0 && <li className="muted">No links.</li>}
          </ul>
          <h3>Audit</h3>
          <ul className="plain">
            {audit.data?.data.map((e) => <li key={e.id}>{e.type} <When at={e.created_at} /></li>)}
            {audit.data?.data.length === 0 && <li className="muted">No events.</li>}
          </ul>
          <button type="button" onClick={() => setOpenId(null)}>Close</button>
        </Section>
      )}
    </>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { consoleRequest, fieldError } from '../api';
import type { ScreenProps } from '../app';
import { ErrorNote, Field, SearchForm, Section, TableWrap, When } from '../ui';

interface ConsoleUser { id: string; email: string; role: 'admin' | 'viewer'; disabled: boolean; created_at: string }

/** Who may sign in to this console, with which role; disabling ends their sessions at once. */
export function UsersScreen({ session }: ScreenProps) {
  const queries = useQueryClient();
  const [search, setSearch] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'admin' | 'viewer'>('viewer');
  const users = useQuery({
    queryKey: ['console-users', search],
    queryFn: () => consoleRequest<{ data: ConsoleUser[] }>(session, 'GET', `/v1/console-users?limit=100${search ? `&q=${encodeURIComponent(search)}` : ''}`),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: ['console-users'] });
  const create = useMutation({
    mutationFn: () => consoleRequest<ConsoleUser>(session, 'POST', '/v1/console-users', { email: email.trim(), role }),
    onSuccess: () => { setEmail(''); void refresh(); },
  });
  const update = useMutation({
    mutationFn: (u: { id: string; disabled: boolean }) => consoleRequest<ConsoleUser>(session, 'PATCH', `/v1/console-users/${u.id}`, { disabled: u.disabled }),
    onSuccess: () => void refresh(),
  });
  return (
    <>
      <Section title="Add a console user">
        <form onSubmit={(e: FormEvent) => { e.preventDefault(); create.mutate(); }} noValidate>
          <Field label="Email" name="email" type="email" value={email} onChange={setEmail} required error={fieldError(create.error, 'email')} />
          <div className="field">
            <label htmlFor="role">Role</label>
            <select id="role" value={role} onChange={(e) => setRole(e.target.value as 'admin' | 'viewer')}>
              <option value="viewer">viewer (read only)</option>
              <option value="admin">admin</option>
            </select>
          </div>
          {create.error && !fieldError(create.error, 'email') && <ErrorNote error={create.error} />}
          <button type="submit" disabled={create.isPending}>Add user</button>
        </form>
      </Section>
      <Section title="Console users">
        <SearchForm label="Search by email" onSearch={setSearch} />
        <ErrorNote error={users.error ?? update.error} />
        <TableWrap label="Console users table">
          <table>
            <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Created</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {users.data?.data.map((u) => (
                <tr key={u.id}>
                  <td>{u.email}</td><td>{u.role}</td><td>{u.disabled ? 'disabled' : 'enabled'}</td><td><When at={u.created_at} /></td>
                  <td className="actions">
                    <button type="button" onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })} aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.email}`}>
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
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

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { fieldError } from '../api';
import type { ScreenProps } from '../app';
import { ErrorNote, Field, Section, TableWrap, When } from '../ui';
import type { ApiKeyItem, Page } from '../views';

const SCOPES = ['magic_links:add', 'magic_links:view', 'magic_links:remove', 'users:read', 'users:write', 'webhooks:manage', 'audit:read', 'admin'] as const;

/** The tenant's API keys: create (the secret is shown once), rotate with an overlap, revoke. */
export function ApiKeysScreen({ api }: ScreenProps) {
  const queries = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: async () => (await api.apiKeys.listPage({ limit: 100 })) as Page<ApiKeyItem> });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['magic_links:add', 'magic_links:view']);
  const [secret, setSecret] = useState<{ label: string; key: string } | null>(null);
  const [overlap, setOverlap] = useState('86400');
  const [confirming, setConfirming] = useState<string | null>(null);
  const refresh = () => queries.invalidateQueries({ queryKey: ['api-keys'] });

  const create = useMutation({
    mutationFn: () => api.apiKeys.create({ name, scopes: scopes as (typeof SCOPES)[number][] }),
    onSuccess: (k) => { setSecret({ label: `New key “${k.name}”`, key: k.key }); setName(''); void refresh(); },
  });
  const rotate = useMutation({
    mutationFn: (id: string) => api.apiKeys.rotate(id, { overlap_seconds: Number(overlap) }),
    onSuccess: (k) => { setSecret({ label: `Rotated key “${k.name}” (the old one works until ${new Date(k.replaces.expires_at).toLocaleString()})`, key: k.key }); void refresh(); },
  });
  const revoke = useMutation({ mutationFn: (id: string) => api.apiKeys.revoke(id), onSuccess: () => { setConfirming(null); void refresh(); } });

  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate(); };
  return (
    <>
      {secret && (
        <div className="notice" role="status">
          <p>{secret.label}. Copy it now: it is not shown again.</p>
          <p><code data-testid="new-key">{secret.key}</code></p>
          <button type="button" onClick={() => setSecret(null)}>Done</button>
        </div>
      )}
      <Section title="Create a key">
        <form onSubmit={submit} noValidate>
          <Field label="Name" name="name" value={name} onChange={setName} required error={fieldError(create.error, 'name')} />
          <fieldset>
            <legend>Scopes</legend>
            {SCOPES.map((s) => (
              <label key={s} className="check">
                <input type="checkbox" name="scopes" value={s} checked={scopes.includes(s)}
                  onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} /> {s}
              </label>
            ))}
            {fieldError(create.error, 'scopes') && <p className="error" role="alert">{fieldError(create.error, 'scopes')}</p>}
          </fieldset>
          {create.error && !fieldError(create.error, 'name') && !fieldError(create.error, 'scopes') && <ErrorNote error={create.error} />}
          <button type="submit" disabled={create.isPending}>Create key</button>
        </form>
      </Section>
      <Section title="Keys">
        <Field label="Overlap when rotating (seconds; 0 ends the old key at once)" name="overlap" type="number" value={overlap} onChange={setOverlap}
          error={fieldError(rotate.error, 'overlap_seconds')} />
        <ErrorNote error={keys.error ?? (fieldError(rotate.error, 'overlap_seconds') ? null : rotate.error) ?? revoke.error} />
        <TableWrap label="Keys table">
          <table>
            <thead><tr><th scope="col">Name</th><th scope="col">Prefix</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {keys.data?.data.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td><td><code>{k.prefix}</code></td><td>{k.scopes.join(', ')}</td>
                  <td><When at={k.created_at} /></td><td><When at={k.last_used_at} /></td><td><When at={k.expires_at} /></td>
                  <td className="actions">
                    <button type="button" onClick={() => rotate.mutate(k.id)} aria-label={`Rotate ${k.name} (${k.prefix})`}>Rotate</button>
                    {confirming === k.id
                      ? <button type="button" className="danger" onClick={() => revoke.mutate(k.id)} aria-label={`Confirm revoking ${k.name} (${k.prefix})`}>Confirm revoke</button>
                      : <button type="button" onClick={() => setConfirming(k.id)} aria-label={`Revoke ${k.name} (${k.prefix})`}>Revoke</button>}
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

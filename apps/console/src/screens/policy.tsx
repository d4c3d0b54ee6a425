import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { fieldError } from '../api';
import type { ScreenProps } from '../app';
import { ErrorNote, Field, Section } from '../ui';

/**
 * The redirect allow-list and link lifetimes. Each save is one PATCH that the API validates whole,
 * so a refused entry leaves the saved policy as it was, and its message shows beside the field.
 */
export function PolicyScreen({ api }: ScreenProps) {
  const queries = useQueryClient();
  const policy = useQuery({ queryKey: ['policy'], queryFn: () => api.policy.get() });
  const [url, setUrl] = useState('');
  const [ttl, setTtl] = useState('');
  const saved = () => queries.invalidateQueries({ queryKey: ['policy'] });

  const urls: string[] = policy.data?.redirect.allowed_urls ?? [];
  const addUrl = useMutation({
    mutationFn: (next: string[]) => api.policy.update({ redirect: { enabled: true, allowed_urls: next } }),
    onSuccess: () => { setUrl(''); void saved(); },
  });
  const removeUrl = useMutation({
    mutationFn: (next: string[]) => api.policy.update({ redirect: { allowed_urls: next } }),
    onSuccess: () => void saved(),
  });
  const saveTtl = useMutation({
    mutationFn: () => api.policy.update({ links: { login: { ttl_seconds: Number(ttl) } } }),
    onSuccess: () => { setTtl(''); void saved(); },
  });
  const urlError = fieldError(addUrl.error, 'redirect.allowed_urls') ?? fieldError(addUrl.error, 'redirect');

  return (
    <>
      <ErrorNote error={policy.error} />
      <Section title="Redirect allow-list">
        <p className="muted">Redirects are {policy.data?.redirect.enabled ? 'enabled' : 'disabled'}. A requested URL must match an entry on scheme, host, port and path; the query may vary.</p>
        <ul className="plain">
          {urls.map((u) => (
            <li key={u}><code>{u}</code> <button type="button" onClick={() => removeUrl.mutate(urls.filter((x) => x !== u))} aria-label={`Remove ${u}`}>Remove</button></li>
          ))}
          {urls.length === 0 && <li className="muted">No URLs yet.</li>}
        </ul>
        <form onSubmit={(e: FormEvent) => { e.preventDefault(); addUrl.mutate([...urls, url.trim()]); }} noValidate>
          <Field label="Allowed redirect URL" name="allowed_url" type="url" value={url} onChange={setUrl} required error={urlError} hint="e.g. https://app.example.com/auth/callback" />
          {addUrl.error && !urlError && <ErrorNote error={addUrl.error} />}
          <button type="submit" disabled={addUrl.isPending}>Add URL</button>
        </form>
        <ErrorNote error={removeUrl.error} />
      </Section>
      <Section title="Link lifetimes">
        <p>Login links live <strong>{policy.data?.links.login.ttl_seconds ?? '…'}</strong> seconds.</p>
        <form onSubmit={(e: FormEvent) => { e.preventDefault(); saveTtl.mutate(); }} noValidate>
          <Field label="Login link lifetime (seconds)" name="login_ttl" type="number" value={ttl} onChange={setTtl} required
            error={fieldError(saveTtl.error, 'links.login.ttl_seconds') ?? fieldError(saveTtl.error, 'links')} />
          {saveTtl.error && !fieldError(saveTtl.error, 'links') && <ErrorNote error={saveTtl.error} />}
          <button type="submit" disabled={saveTtl.isPending}>Save lifetime</button>
        </form>
      </Section>
    </>
  );
}

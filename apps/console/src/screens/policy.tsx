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
  const [color, setColor] = useState('');
  const [footer, setFooter] = useState('');
  const branding = { ...(color ? { primary_color: color } : {}), ...(footer ? { footer } : {}) };
  const saveBranding = useMutation({
    mutationFn: () => api.policy.update({ branding }),
    onSuccess: () => { setColor(''); setFooter(''); void saved(); },
  });
  // The hosted pages refuse to be framed, so the preview opens as a page of its own (same origin: the session applies).
  const previewUrl = `/v1/policy/branding/preview?page=sign_in&${new URLSearchParams(branding).toString()}`;

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
      <Section title="Branding of the hosted pages">
        <form onSubmit={(e: FormEvent) => { e.preventDefault(); saveBranding.mutate(); }} noValidate>
          <Field label="Primary colour" name="primary_color" value={color} onChange={setColor} hint="#rrggbb; buttons and links of the hosted pages"
            error={fieldError(saveBranding.error, 'branding.primary_color')} />
          <Field label="Footer" name="footer" value={footer} onChange={setFooter} error={fieldError(saveBranding.error, 'branding.footer')} />
          {saveBranding.error && !fieldError(saveBranding.error, 'branding') && <ErrorNote error={saveBranding.error} />}
          <div className="actions">
            <a href={previewUrl} target="_blank" rel="noreferrer">Preview the sign-in page (new tab)</a>
            <button type="submit" disabled={saveBranding.isPending}>Save branding</button>
          </div>
        </form>
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

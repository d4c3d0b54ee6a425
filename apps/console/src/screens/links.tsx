import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { fieldError } from '../api';
import type { ScreenProps } from '../app';
import { ErrorNote, Field, Section, TableWrap, When } from '../ui';
import type { LinkItem, LinkStory, Page } from '../views';

const STATUSES = ['', 'active', 'consumed', 'expired', 'revoked'] as const;

/** Links by the user's email and status; one link's story (deliveries and provider events); revoke. */
export function LinksScreen({ api, session }: ScreenProps) {
  const queries = useQueryClient();
  const [email, setEmail] = useState('');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const [search, setSearch] = useState<{ email: string; status: string }>({ email: '', status: '' });
  const [openId, setOpenId] = useState<string | null>(null);

  const links = useQuery({
    queryKey: ['links', search],
    queryFn: async () => {
      let userId: string | undefined;
      if (search.email) {
        const users = await api.users.listPage({ email: search.email, limit: 1 });
        userId = users.data[0]?.id;
        if (!userId) return { data: [], next_cursor: null } as Page<LinkItem>;
      }
      return (await api.magicLinks.listPage({ user_id: userId, status: (search.status || undefined) as 'active' | undefined, limit: 50 })) as Page<LinkItem>;
    },
  });
  const story = useQuery({ queryKey: ['link', openId], queryFn: async () => (await api.magicLinks.get(openId!)) as LinkStory, enabled: openId !== null });
  const revoke = useMutation({
    mutationFn: (id: string) => api.magicLinks.revoke(id),
    onSuccess: () => { void queries.invalidateQueries({ queryKey: ['links'] }); void queries.invalidateQueries({ queryKey: ['link'] }); },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); setSearch({ email: email.trim(), status }); };

  return (
    <>
      <Section title="Search">
        <form onSubmit={submit} className="inline" role="search">
          <Field label="User email" name="email" type="email" value={email} onChange={setEmail} error={fieldError(links.error, 'email')} />
          <div className="field">
            <label htmlFor="status">Status</label>
            <select id="status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
              {STATUSES.map((s) => <option key={s} value={s}>{s || 'any'}</option>)}
            </select>
          </div>
          <button type="submit">Search</button>
        </form>
      </Section>
      <Section title="Links">
        <ErrorNote error={links.error ?? revoke.error} />
        <TableWrap label="Links table">
          <table>
            <thead><tr><th scope="col">To</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {links.data?.data.map((l) => (
                <tr key={l.id}>
                  <td>{l.identifier}</td><td>{l.type}</td><td><span className={`status status-${l.status}`}>{l.status}</span></td>
                  <td><When at={l.created_at} /></td><td><When at={l.expires_at} /></td>
                  <td className="actions">
                    <button type="button" onClick={() => setOpenId(l.id)} aria-label={`Story of the link to ${l.identifier}`}>Story</button>
                    {session.role === 'admin' && l.status === 'active' && (
                      <button type="button" className="danger" onClick={() => revoke.mutate(l.id)} aria-label={`Revoke the link to ${l.identifier}`}>Revoke</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {links.data && links.data.data.length === 0 && <p className="muted">No links match.</p>}
        </TableWrap>
      </Section>
      {openId && (
        <Section title="Story of a link">
          <ErrorNote error={story.error} />
          {story.data && (
            <ol className="story">
              <li>Created <When at={story.data.created_at} /> ({story.data.type}, to {story.data.identifier})</li>
              {story.data.deliveries.map((d) => (
                <li key={d.id}>
                  {d.channel} to {d.to}: <strong>{d.status}</strong> via {d.provider ?? '—'} ({d.attempts} attempts) <When at={d.sent_at} />
                  {d.last_error && <> — {d.last_error}</>}
                  {d.last_event && <> — last provider event {d.last_event} <When at={d.last_event_at} /></>}
                </li>
              ))}
              {story.data.consumed_at && <li>Used <When at={story.data.consumed_at} /></li>}
              {story.data.revoked_at && <li>Revoked <When at={story.data.revoked_at} /></li>}
              {!story.data.consumed_at && !story.data.revoked_at && <li>Expires <When at={story.data.expires_at} /></li>}
            </ol>
          )}
          <button type="button" onClick={() => setOpenId(null)}>Close</button>
        </Section>
      )}
    </>
  );
}

import { useQuery } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { fieldError } from '../api';
import type { ScreenProps } from '../app';
import { ErrorNote, Field, Section, TableWrap, When } from '../ui';
import type { AuditEventItem, Page } from '../views';

interface Filters { type: string; user_id: string; since: string; until: string }
const NONE: Filters = { type: '', user_id: '', since: '', until: '' };

/** The tenant's audit log, newest first, filtered by event type, user and time (the API validates the filters). */
export function AuditScreen({ api }: ScreenProps) {
  const [draft, setDraft] = useState<Filters>(NONE);
  const [filters, setFilters] = useState<Filters>(NONE);
  const events = useQuery({
    queryKey: ['audit', filters],
    queryFn: async () => (await api.auditEvents.listPage({
      type: filters.type || undefined, user_id: filters.user_id || undefined,
      since: filters.since ? new Date(filters.since).toISOString() : undefined, until: filters.until ? new Date(filters.until).toISOString() : undefined,
      limit: 100,
    })) as Page<AuditEventItem>,
  });
  const set = (k: keyof Filters) => (v: string) => setDraft({ ...draft, [k]: v });
  return (
    <>
      <Section title="Filters">
        <form className="inline" role="search" onSubmit={(e: FormEvent) => { e.preventDefault(); setFilters(draft); }}>
          <Field label="Event type" name="type" value={draft.type} onChange={set('type')} hint="e.g. api_key.revoked" error={fieldError(events.error, 'type')} />
          <Field label="User id" name="user_id" value={draft.user_id} onChange={set('user_id')} error={fieldError(events.error, 'user_id')} />
          <Field label="Since" name="since" type="datetime-local" value={draft.since} onChange={set('since')} error={fieldError(events.error, 'since')} />
          <Field label="Until" name="until" type="datetime-local" value={draft.until} onChange={set('until')} error={fieldError(events.error, 'until')} />
          <button type="submit">Apply filters</button>
        </form>
      </Section>
      <Section title="Events">
        {events.error && !['type', 'user_id', 'since', 'until'].some((f) => fieldError(events.error, f)) && <ErrorNote error={events.error} />}
        <TableWrap label="Events table">
          <table>
            <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Subject</th><th scope="col">Actor</th><th scope="col">Details</th></tr></thead>
            <tbody>
              {events.data?.data.map((e) => (
                <tr key={e.id}>
                  <td><When at={e.created_at} /></td><td>{e.type}</td><td>{e.subject.type} {e.subject.id ?? ''}</td>
                  <td>{e.actor.api_key_id ? `key ${e.actor.api_key_id}` : (e.data.console_user_id ? `console user ${String(e.data.console_user_id)}` : 'system or browser')} {e.actor.ip ?? ''}</td>
                  <td><code>{JSON.stringify(e.data)}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
          {events.data && events.data.data.length === 0 && <p className="muted">No events match.</p>}
        </TableWrap>
      </Section>
    </>
  );
}

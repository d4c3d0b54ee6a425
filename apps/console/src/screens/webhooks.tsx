import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { fieldError } from '../api';
import type { ScreenProps } from '../app';
import { ErrorNote, Field, Section, TableWrap, When } from '../ui';
import type { Page, WebhookDeliveryItem, WebhookEndpointItem } from '../views';

/** Endpoints (create, test event, rotate secret) and one endpoint's deliveries with their responses, replayable. */
export function WebhooksScreen({ api }: ScreenProps) {
  const queries = useQueryClient();
  const endpoints = useQuery({ queryKey: ['webhooks'], queryFn: async () => (await api.webhookEndpoints.listPage({ limit: 100 })) as Page<WebhookEndpointItem> });
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('*');
  const [secret, setSecret] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const deliveries = useQuery({
    queryKey: ['webhook-deliveries', openId],
    queryFn: async () => (await api.webhookEndpoints.deliveriesPage(openId!, { limit: 50 })) as Page<WebhookDeliveryItem>,
    enabled: openId !== null,
  });
  const create = useMutation({
    mutationFn: () => api.webhookEndpoints.create({ url: url.trim(), events: events.split(',').map((e) => e.trim()).filter(Boolean) }),
    onSuccess: (e) => { setSecret((e as { secret: string }).secret); setUrl(''); void queries.invalidateQueries({ queryKey: ['webhooks'] }); },
  });
  const test = useMutation({ mutationFn: (id: string) => api.webhookEndpoints.test(id), onSuccess: () => setNotice('Test event sent.') });
  const rotate = useMutation({
    mutationFn: (id: string) => api.webhookEndpoints.rotateSecret(id),
    onSuccess: (r) => setSecret((r as { secret: string }).secret),
  });
  const replay = useMutation({
    mutationFn: (d: { endpoint: string; id: string }) => api.webhookEndpoints.replay(d.endpoint, d.id),
    onSuccess: () => { setNotice('Replay queued.'); void queries.invalidateQueries({ queryKey: ['webhook-deliveries'] }); },
  });
  const urlError = fieldError(create.error, 'url');
  const eventsError = fieldError(create.error, 'events');

  return (
    <>
      {secret && (
        <div className="notice" role="status">
          <p>Signing secret (shown once; verify with Standard Webhooks):</p>
          <p><code data-testid="webhook-secret">{secret}</code></p>
          <button type="button" onClick={() => setSecret(null)}>Done</button>
        </div>
      )}
      {notice && <p role="status" className="notice">{notice}</p>}
      <Section title="Add an endpoint">
        <form onSubmit={(e: FormEvent) => { e.preventDefault(); setNotice(null); create.mutate(); }} noValidate>
          <Field label="Endpoint URL" name="url" type="url" value={url} onChange={setUrl} required error={urlError} />
          <Field label="Events" name="events" value={events} onChange={setEvents} hint="Comma-separated event types, or * for all" error={eventsError} />
          {create.error && !urlError && !eventsError && <ErrorNote error={create.error} />}
          <button type="submit" disabled={create.isPending}>Add endpoint</button>
        </form>
      </Section>
      <Section title="Endpoints">
        <ErrorNote error={endpoints.error ?? test.error ?? rotate.error} />
        <TableWrap label="Endpoints table">
          <table>
            <thead><tr><th scope="col">URL</th><th scope="col">Events</th><th scope="col">State</th><th scope="col">Created</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {endpoints.data?.data.map((e) => (
                <tr key={e.id}>
                  <td>{e.url}</td><td>{e.events.join(', ')}</td><td>{e.enabled ? 'enabled' : `disabled (${e.disabled_reason})`}</td><td><When at={e.created_at} /></td>
                  <td className="actions">
                    <button type="button" onClick={() => setOpenId(e.id)} aria-label={`Deliveries to ${e.url}`}>Deliveries</button>
                    <button type="button" onClick={() => { setNotice(null); test.mutate(e.id); }} aria-label={`Send test event to ${e.url}`}>Send test event</button>
                    <button type="button" onClick={() => rotate.mutate(e.id)} aria-label={`Rotate secret of ${e.url}`}>Rotate secret</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </Section>
      {openId && (
        <Section title="Deliveries">
          <ErrorNote error={deliveries.error ?? replay.error} />
          <button type="button" onClick={() => void deliveries.refetch()}>Refresh</button>
          <TableWrap label="Deliveries table">
            <table>
              <thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col">Response</th><th scope="col">Attempts</th><th scope="col">Replays</th><th scope="col">Last attempt</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {deliveries.data?.data.map((d) => (
                  <tr key={d.id}>
                    <td>{d.event_type}</td><td>{d.status}</td>
                    <td>{d.last_status_code ?? '—'} {d.last_error ?? ''} {d.last_response_body ? <code>{d.last_response_body.slice(0, 120)}</code> : null}</td>
                    <td>{d.attempts}</td><td>{d.replays}</td><td><When at={d.last_attempt_at} /></td>
                    <td className="actions">
                      <button type="button" onClick={() => replay.mutate({ endpoint: openId, id: d.id })} aria-label={`Replay ${d.event_type} ${d.id}`}>Replay</button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {deliveries.data && deliveries.data.data.length === 0 && <p className="muted">No deliveries yet.</p>}
          </TableWrap>
        </Section>
      )}
    </>
  );
}

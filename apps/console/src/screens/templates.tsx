import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useState } from 'react';
import { fieldError } from '../api';
import type { ScreenProps } from '../app';
import { ErrorNote, Field, Section } from '../ui';

const TYPES = ['login', 'registration', 'password_reset', 'verify_email'] as const;
const LANGUAGES = ['en', 'es', 'fr', 'de', 'pt'] as const;
const WIDTHS = { desktop: 640, mobile: 360 } as const;

interface Bodies { subject: string; html: string; text: string }

/**
 * One email per link type and language: edit the override, preview it unsaved (the API renders
 * and validates it) at desktop and phone width, save, or send a test to an address.
 */
export function TemplatesScreen({ api }: ScreenProps) {
  const queries = useQueryClient();
  const [type, setType] = useState<(typeof TYPES)[number]>('login');
  const [language, setLanguage] = useState<(typeof LANGUAGES)[number]>('en');
  const [draft, setDraft] = useState<Bodies | null>(null);
  const [width, setWidth] = useState<keyof typeof WIDTHS>('desktop');
  const [to, setTo] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const saved = useQuery({ queryKey: ['template', type, language], queryFn: async () => (await api.templates.get(type, language)) as Bodies & { source: string } });
  useEffect(() => { if (saved.data) setDraft({ subject: saved.data.subject, html: saved.data.html, text: saved.data.text }); }, [saved.data]);
  const preview = useMutation({ mutationFn: (b: Bodies) => api.templates.preview(type, language, b) as Promise<Bodies> });
  // The saved version is previewed as soon as it loads; later previews are asked for with the button.
  const { mutate: previewNow } = preview;
  useEffect(() => { if (saved.data) previewNow({ subject: saved.data.subject, html: saved.data.html, text: saved.data.text }); }, [saved.data, previewNow]);
  const save = useMutation({
    mutationFn: () => api.templates.save(type, language, draft!),
    onSuccess: () => { setNotice('Saved: the next email of this type and language uses it.'); void queries.invalidateQueries({ queryKey: ['template', type, language] }); },
  });
  const testSend = useMutation({
    mutationFn: () => api.templates.testSend(type, language, { to: to.trim() }),
    onSuccess: () => setNotice(`Test email queued to ${to.trim()}.`),
  });
  const set = (k: keyof Bodies) => (v: string) => setDraft({ ...draft!, [k]: v });
  /** Another email: the last one's errors and notices no longer apply. */
  const choose = (next: () => void) => { setNotice(null); save.reset(); testSend.reset(); next(); };
  const err = (k: keyof Bodies) => fieldError(save.error, k) ?? fieldError(preview.error, k);
  const otherError = (e: unknown): boolean => !!e && !(['subject', 'html', 'text'] as const).some((k) => fieldError(e, k));

  return (
    <>
      <Section title="Which email">
        <form className="inline" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="tpl-type">Link type</label>
            <select id="tpl-type" value={type} onChange={(e) => choose(() => setType(e.target.value as typeof type))}>
              {TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="tpl-language">Language</label>
            <select id="tpl-language" value={language} onChange={(e) => choose(() => setLanguage(e.target.value as typeof language))}>
              {LANGUAGES.map((l) => <option key={l} value={l}>{l}</option>)}
            </select>
          </div>
        </form>
        <p className="muted">{saved.data ? (saved.data.source === 'custom' ? 'This tenant\'s own template.' : 'The built-in template (not changed yet).') : 'Loading…'}</p>
      </Section>
      {notice && <p role="status" className="notice">{notice}</p>}
      <ErrorNote error={saved.error} />
      {draft && (
        <div className="split">
          <Section title="Editor">
            <form onSubmit={(e: FormEvent) => { e.preventDefault(); setNotice(null); save.mutate(); }} noValidate>
              <Field label="Subject" name="subject" value={draft.subject} onChange={set('subject')} error={err('subject')} />
              <Field label="HTML" name="html" multiline value={draft.html} onChange={set('html')} error={err('html')} />
              <Field label="Text" name="text" multiline value={draft.text} onChange={set('text')} error={err('text')} />
              {otherError(save.error) && <ErrorNote error={save.error} />}
              <div className="actions">
                <button type="button" onClick={() => preview.mutate(draft)}>Preview</button>
                <button type="submit" disabled={save.isPending}>Save template</button>
              </div>
            </form>
            <form onSubmit={(e: FormEvent) => { e.preventDefault(); setNotice(null); testSend.mutate(); }} noValidate>
              <Field label="Send a test to" name="to" type="email" value={to} onChange={setTo} error={fieldError(testSend.error, 'to')} />
              {otherError(testSend.error) && !fieldError(testSend.error, 'to') && <ErrorNote error={testSend.error} />}
              <button type="submit" disabled={testSend.isPending}>Send test</button>
            </form>
          </Section>
          <Section title="Preview">
            <div className="actions" role="group" aria-label="Preview width">
              {(Object.keys(WIDTHS) as (keyof typeof WIDTHS)[]).map((w) => (
                <button key={w} type="button" aria-pressed={width === w} onClick={() => setWidth(w)}>{w} ({WIDTHS[w]} px)</button>
              ))}
            </div>
            {otherError(preview.error) && <ErrorNote error={preview.error} />}
            {preview.data && (
              <>
                <p><strong>Subject:</strong> <span data-testid="preview-subject">{preview.data.subject}</span></p>
                {/* sandbox without allow-scripts: the rendered email runs nothing and cannot reach the console. */}
                <iframe title="Email preview" sandbox="" srcDoc={preview.data.html} className="preview" style={{ width: `min(100%, ${WIDTHS[width]}px)` }} />
              </>
            )}
          </Section>
        </div>
      )}
    </>
  );
}

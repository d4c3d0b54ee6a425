import { FormEvent, ReactNode, useId, useState } from 'react';
import { messageOf } from './api';

/** A labelled input whose API error sits next to it (aria-describedby, aria-invalid). */
export function Field(props: {
  label: string; name: string; value: string; onChange: (v: string) => void; error?: string | null;
  type?: string; required?: boolean; hint?: string; multiline?: boolean; autoComplete?: string;
}) {
  const id = useId();
  const errId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [props.hint ? hintId : '', props.error ? errId : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id, name: props.name, value: props.value, required: props.required, 'aria-invalid': props.error ? true : undefined, 'aria-describedby': describedBy,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.multiline
        ? <textarea {...common} rows={5} onChange={(e) => props.onChange(e.target.value)} />
        : <input {...common} type={props.type ?? 'text'} autoComplete={props.autoComplete} onChange={(e) => props.onChange(e.target.value)} />}
      {props.hint && <p id={hintId} className="hint">{props.hint}</p>}
      {props.error && <p id={errId} className="error" role="alert">{props.error}</p>}
    </div>
  );
}

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return <p className="error" role="alert">{messageOf(error)}</p>;
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export function When({ at }: { at: string | null | undefined }) {
  if (!at) return <span className="muted">—</span>;
  return <time dateTime={at}>{new Date(at).toLocaleString()}</time>;
}

/** A wide table that scrolls sideways on a phone; focusable so the keyboard can scroll it too. */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>{children}</div>;
}

/** A list's search box: `onSearch` gets the trimmed text when submitted (the list refetches on it). */
export function SearchForm(props: { label: string; type?: string; error?: string | null; onSearch: (q: string) => void }) {
  const [q, setQ] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSearch(q.trim());
  };
  return (
    <form onSubmit={submit} className="inline" role="search">
      <Field label={props.label} name="q" type={props.type} value={q} onChange={setQ} error={props.error} />
      <button type="submit">Search</button>
    </form>
  );
}

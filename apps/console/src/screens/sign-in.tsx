import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { fieldError, requestSignIn } from '../api';
import { ErrorNote, Field } from '../ui';

const CALLBACK_ERRORS: Record<string, string> = {
  invalid_code: 'That sign-in link was not valid. Ask for a new one.',
  expired: 'That sign-in link has expired. Ask for a new one.',
  used: 'That sign-in link was used already. Ask for a new one.',
  forbidden: 'This address may not use the console.',
};

/** Ask for a sign-in link: the same answer whether or not the address is a console user. */
export function SignInScreen() {
  const params = new URLSearchParams(window.location.search);
  const [tenant, setTenant] = useState(params.get('tenant') ?? '');
  const [email, setEmail] = useState('');
  const send = useMutation({ mutationFn: () => requestSignIn(tenant.trim(), email.trim()) });
  const callbackError = params.get('sign_in_error');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate();
  };
  return (
    <main className="centered" id="content">
      <h1>Sign in to the Sesame console</h1>
      {callbackError && <p className="error" role="alert">{CALLBACK_ERRORS[callbackError] ?? `Sign-in failed (${callbackError}).`}</p>}
      {send.isSuccess ? (
        <p role="status">If <strong>{email}</strong> may use the console of <strong>{tenant}</strong>, a sign-in link is on its way. Open it on this device.</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <Field label="Tenant" name="tenant" value={tenant} onChange={setTenant} required hint="Your tenant's slug, e.g. acme" error={fieldError(send.error, 'tenant')} />
          <Field label="Email" name="email" type="email" autoComplete="email" value={email} onChange={setEmail} required error={fieldError(send.error, 'email')} />
          {send.error && !fieldError(send.error, 'tenant') && !fieldError(send.error, 'email') && <ErrorNote error={send.error} />}
          <button type="submit" disabled={send.isPending}>Email me a sign-in link</button>
        </form>
      )}
    </main>
  );
}

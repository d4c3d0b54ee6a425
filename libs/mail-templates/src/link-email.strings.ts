import type { LinkType } from '@sesame/domain';

/** Wording of one link email. `{appName}` and `{expiry}` are filled in (and escaped) at render time. */
export interface LinkTypeStrings {
  subject: string;
  heading: string;
  intro: string;
  button: string;
}

export interface LinkEmailStrings {
  /** BCP 47 tag handed to Intl for the expiry wording. */
  locale: string;
  types: Record<LinkType, LinkTypeStrings>;
  expiry: string;
  fallback: string;
  securityNote: string;
  footer: string;
  /** The 6-digit fallback code of a link asked for on a sign-in page; `{code}` is filled in. */
  code: string;
}

const en: LinkEmailStrings = {
  locale: 'en',
  types: {
    login: {
      subject: 'Sign in to {appName}',
      heading: 'Sign in to {appName}',
      intro: 'Use the button below to sign in. No password needed.',
      button: 'Sign in',
    },
    registration: {
      subject: 'Finish signing up for {appName}',
      heading: 'Finish signing up for {appName}',
      intro: 'You are one step away from your new account. Use the button below to finish signing up.',
      button: 'Finish signing up',
    },
    password_reset: {
      subject: 'Reset your password for {appName}',
      heading: 'Reset your password',
      intro: 'We received a request to reset the password of your {appName} account. Use the button below to choose a new one.',
      button: 'Reset password',
    },
    verify_email: {
      subject: 'Confirm your email for {appName}',
      heading: 'Confirm your email address',
      intro: 'Please confirm that this address belongs to you so {appName} can reach you.',
      button: 'Confirm email',
    },
  },
  expiry: 'This link can be used once and expires {expiry}.',
  fallback: "If the button doesn't work, copy and paste this link into your browser:",
  securityNote: "If you didn't request this, ignore this email. Nothing will change until the link is used.",
  footer: 'Sent by {appName}.',
  code: 'Or type this code on the page where you asked for the link: {code}',
};

/** One entry per language; add a language by adding a table (English is the fallback). */
export const LINK_EMAIL_STRINGS: Readonly<Record<string, LinkEmailStrings>> = { en };

export const DEFAULT_LANGUAGE = 'en';

/** `de-CH` falls back to `de`, then to English. */
export function stringsFor(language?: string | null): LinkEmailStrings {
  const tag = (language ?? '').toLowerCase();
  return LINK_EMAIL_STRINGS[tag] ?? LINK_EMAIL_STRINGS[tag.split(/[-_]/)[0]] ?? LINK_EMAIL_STRINGS[DEFAULT_LANGUAGE];
}

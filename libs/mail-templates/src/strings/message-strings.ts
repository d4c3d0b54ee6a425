import type { LinkType } from '@sesame/domain';

/** Wording of one link type. Mustache tags (`{{app_name}}`) are filled in, escaped, per message. */
export interface TypeStrings {
  subject: string;
  heading: string;
  intro: string;
  button: string;
  /** What a text message says instead of `subject`, when the subject speaks of email (verify_email by sms). */
  smsSubject?: string;
}

/** Everything a default email or text says in one language. */
export interface MessageStrings {
  /** BCP 47 tag for Intl (the expiry in words) and `<html lang>`. */
  locale: string;
  types: Record<LinkType, TypeStrings>;
  /** Subject when the request gives an action name (Auth Armor): "{{action_name}} at {{app_name}}". */
  actionSubject: string;
  /** `{{expires_in}}` reads "in 10 minutes" in this language. */
  expiry: string;
  /** Introduces the code fallback. */
  code: string;
  fallback: string;
  securityNote: string;
  footer: string;
}

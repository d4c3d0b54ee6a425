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

/** A count-dependent string, chosen by the language's plural rules (Intl.PluralRules). */
export interface Plural {
  one: string;
  other: string;
}

/** A page that ends a flow: what happened and what to do next. */
export interface EndStrings {
  title: string;
  text: string;
}

/**
 * Everything a hosted page says. `{{name}}` tags are filled in (escaped) by `fill`; durations such
 * as `{{retry_in}}` arrive already localised ("in 5 minutes", "dans 5 minutes").
 */
export interface PageStrings {
  /** Footer link to the tenant's `branding.support_url`. */
  support: string;
  /** The logo's alt text. */
  logoAlt: string;
  /** Next steps on a page that ends a flow. */
  requestNewLink: string;
  backToApp: string;
  confirm: {
    types: Record<LinkType, { title: string; button: string }>;
    intro: string;
    expires: string;
    notYou: string;
  };
  problems: {
    invalid: EndStrings;
    expired: EndStrings;
    used: EndStrings;
    revoked: EndStrings;
    unavailable: EndStrings;
    locked: EndStrings;
    /** A hosted form posted from another site (login CSRF), refused. */
    crossSite: EndStrings;
  };
  signIn: {
    confirmTitle: string;
    confirmCheck: string;
    confirmButton: string;
    confirmMismatch: string;
    matchCodeLabel: string;
    approvedTitle: string;
    approvedText: string;
    closePage: string;
    requestTitle: string;
    requestIntro: string;
    emailLabel: string;
    requestButton: string;
    invalidEmail: string;
    waitingTitle: string;
    waitingIntro: string;
    waitingStatus: string;
    waitingExpires: string;
    waitingNote: string;
    codeIntro: string;
    codeLabel: string;
    codeButton: string;
    codeFormat: string;
    codeWrong: Plural;
    resendIntro: string;
    resendButton: string;
    resendLimit: Plural;
    resendWait: string;
    ended: { completed: EndStrings; expired: EndStrings; failed: EndStrings };
  };
  password: {
    title: string;
    newLabel: string;
    repeatLabel: string;
    hint: string;
    button: string;
    mismatch: string;
    /** Why a new password is refused (libs/domain newPasswordIssue). */
    tooShort: string;
    tooLong: string;
    blank: string;
    changedTitle: string;
    changedText: string;
    continue: string;
  };
  /** The self-service pages under /p/<slug>/: forgot password, verify email, sign up. */
  selfService: Record<'forgotPassword' | 'verifyEmail' | 'signUp', SelfServiceStrings>;
  /** The two-step sign-in of an application (password, then a second factor such as Magic Link). */
  appSignIn: {
    title: string;
    intro: string;
    passwordLabel: string;
    button: string;
    wrongPassword: string;
    forgotPassword: string;
    secondFactorTitle: string;
    secondFactorIntro: string;
    magicLinkOption: string;
    magicLinkHint: string;
    noSecondFactor: string;
    sentTitle: string;
    sent: string;
    startAgain: string;
    disabled: EndStrings;
  };
}

/** One self-service page: its form, the answer every address gets, and the page when the tenant does not offer it. */
export interface SelfServiceStrings {
  title: string;
  intro: string;
  button: string;
  sentTitle: string;
  sent: string;
  off: EndStrings;
}

/**
 * Everything Sesame says in one language: the default emails, the text messages and the hosted
 * pages. One file per language under `catalogues/`; this type makes a missing string a type error.
 */
export interface Catalogue {
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
  pages: PageStrings;
}

/** The email and text-message part of a catalogue (what libs/mail-templates renders). */
export type MessageStrings = Omit<Catalogue, 'pages'>;

import type { SelfServiceKind } from '@sesame/domain';

/**
 * The English text of the self-service and two-step sign-in pages, in one place until these
 * pages render through the shared per-language catalogue. `{app}` is the application's name.
 */
export const SELF_SERVICE_TEXT: Record<SelfServiceKind, {
  title: string; intro: string; button: string; sentTitle: string; sent: string; offTitle: string; off: string;
}> = {
  forgot_password: {
    title: 'Forgot your password?',
    intro: 'Enter your email address. If it belongs to an account at {app}, we will email you a link to choose a new password.',
    button: 'Email me a reset link',
    sentTitle: 'Check your email',
    sent: 'If the address belongs to an account at {app}, we sent it a link to choose a new password. The link works once and for a limited time.',
    offTitle: 'Password reset is not available here',
    off: 'Ask the administrator of {app} to reset your password.',
  },
  verify_email: {
    title: 'Confirm your email address',
    intro: 'Enter your email address. If it belongs to an account at {app} that is not confirmed yet, we will email you a confirmation link.',
    button: 'Email me a confirmation link',
    sentTitle: 'Check your email',
    sent: 'If the address belongs to an account at {app} that needs confirming, we sent it a confirmation link.',
    offTitle: 'Email confirmation is not available here',
    off: 'Ask the administrator of {app} for help.',
  },
  sign_up: {
    title: 'Sign up for {app}',
    intro: 'Enter your email address and we will email you a link to finish signing up. No password needed.',
    button: 'Email me a sign-up link',
    sentTitle: 'Check your email',
    sent: 'We sent a link to the address you entered. Open it to finish signing up for {app}. If you already have an account, the email signs you in instead.',
    offTitle: 'Sign-up is closed',
    off: '{app} does not take new sign-ups here. Ask its administrator for an invitation.',
  },
};

export const PAGE_TEXT = {
  emailLabel: 'Email address',
  invalidEmail: 'Enter a valid email address.',
  passwordLabel: 'Password',
  signInTitle: 'Sign in to {app}',
  signInIntro: 'Step 1 of 2: your email address and password.',
  signInButton: 'Continue',
  wrongPassword: 'The email address or password is wrong.',
  forgotPassword: 'Forgot your password?',
  secondFactorTitle: 'Confirm it is you',
  secondFactorIntro: 'Step 2 of 2: choose how to finish signing in to {app}.',
  magicLinkOption: 'Email me a magic link',
  magicLinkHint: 'We email a single-use link to your address; open it to finish signing in.',
  noSecondFactor: 'No second step is available for this application. Ask the administrator of {app} for help.',
  linkSentTitle: 'Check your email',
  linkSent: 'We emailed you a sign-in link. Open it to finish signing in to {app}. It works once and for a limited time.',
  startAgain: 'Start again',
  appDisabledTitle: 'This application is not available',
  appDisabled: 'Signing in to {app} is turned off. Ask its administrator for help.',
} as const;

/** A text with `{app}` filled in (the caller escapes the result). */
export function withApp(text: string, appName: string): string {
  return text.split('{app}').join(appName);
}

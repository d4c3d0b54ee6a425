import type { MessageStrings } from './message-strings';

export const en: MessageStrings = {
  locale: 'en',
  types: {
    login: {
      subject: 'Sign in to {{app_name}}',
      heading: 'Sign in to {{app_name}}',
      intro: 'Use the button below to sign in. No password needed.',
      button: 'Sign in',
    },
    registration: {
      subject: 'Finish signing up for {{app_name}}',
      heading: 'Finish signing up for {{app_name}}',
      intro: 'You are one step away from your new account. Use the button below to finish signing up.',
      button: 'Finish signing up',
    },
    password_reset: {
      subject: 'Reset your password for {{app_name}}',
      heading: 'Reset your password',
      intro: 'We received a request to reset the password of your {{app_name}} account. Use the button below to choose a new one.',
      button: 'Reset password',
    },
    verify_email: {
      subject: 'Confirm your email for {{app_name}}',
      smsSubject: 'Confirm your phone number for {{app_name}}',
      heading: 'Confirm your email address',
      intro: 'Please confirm that this address belongs to you so {{app_name}} can reach you.',
      button: 'Confirm email',
    },
  },
  actionSubject: '{{action_name}} at {{app_name}}',
  expiry: 'This link can be used once and expires {{expires_in}}.',
  code: 'Or type this code on the page where you asked for the link:',
  fallback: "If the button doesn't work, copy and paste this link into your browser:",
  securityNote: "If you didn't request this, ignore this email. Nothing will change until the link is used.",
  footer: 'Sent by {{app_name}}.',
};

import type { MessageStrings } from './message-strings';

export const de: MessageStrings = {
  locale: 'de',
  types: {
    login: {
      subject: 'Bei {{app_name}} anmelden',
      heading: 'Bei {{app_name}} anmelden',
      intro: 'Melden Sie sich mit der Schaltfläche unten an. Kein Passwort nötig.',
      button: 'Anmelden',
    },
    registration: {
      subject: 'Registrierung bei {{app_name}} abschließen',
      heading: 'Registrierung bei {{app_name}} abschließen',
      intro: 'Nur noch ein Schritt bis zu Ihrem neuen Konto. Schließen Sie die Registrierung mit der Schaltfläche unten ab.',
      button: 'Registrierung abschließen',
    },
    password_reset: {
      subject: 'Passwort für {{app_name}} zurücksetzen',
      heading: 'Passwort zurücksetzen',
      intro: 'Wir haben eine Anfrage erhalten, das Passwort Ihres {{app_name}}-Kontos zurückzusetzen. Wählen Sie mit der Schaltfläche unten ein neues.',
      button: 'Passwort zurücksetzen',
    },
    verify_email: {
      subject: 'E-Mail-Adresse für {{app_name}} bestätigen',
      smsSubject: 'Telefonnummer für {{app_name}} bestätigen',
      heading: 'E-Mail-Adresse bestätigen',
      intro: 'Bitte bestätigen Sie, dass diese Adresse Ihnen gehört, damit {{app_name}} Sie erreichen kann.',
      button: 'E-Mail bestätigen',
    },
  },
  actionSubject: '{{action_name}} bei {{app_name}}',
  expiry: 'Dieser Link kann einmal verwendet werden und läuft {{expires_in}} ab.',
  code: 'Oder geben Sie diesen Code auf der Seite ein, auf der Sie den Link angefordert haben:',
  fallback: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:',
  securityNote: 'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail. Solange der Link nicht verwendet wird, ändert sich nichts.',
  footer: 'Gesendet von {{app_name}}.',
};

import type { MessageStrings } from './message-strings';

export const fr: MessageStrings = {
  locale: 'fr',
  types: {
    login: {
      subject: 'Connexion à {{app_name}}',
      heading: 'Connectez-vous à {{app_name}}',
      intro: 'Utilisez le bouton ci-dessous pour vous connecter. Aucun mot de passe nécessaire.',
      button: 'Se connecter',
    },
    registration: {
      subject: 'Terminez votre inscription à {{app_name}}',
      heading: 'Terminez votre inscription à {{app_name}}',
      intro: 'Plus qu’une étape avant votre nouveau compte. Utilisez le bouton ci-dessous pour terminer l’inscription.',
      button: 'Terminer l’inscription',
    },
    password_reset: {
      subject: 'Réinitialisez votre mot de passe {{app_name}}',
      heading: 'Réinitialisez votre mot de passe',
      intro: 'Nous avons reçu une demande de réinitialisation du mot de passe de votre compte {{app_name}}. Utilisez le bouton ci-dessous pour en choisir un nouveau.',
      button: 'Réinitialiser le mot de passe',
    },
    verify_email: {
      subject: 'Confirmez votre adresse e-mail pour {{app_name}}',
      smsSubject: 'Confirmez votre numéro de téléphone pour {{app_name}}',
      heading: 'Confirmez votre adresse e-mail',
      intro: 'Confirmez que cette adresse vous appartient afin que {{app_name}} puisse vous joindre.',
      button: 'Confirmer l’adresse',
    },
  },
  actionSubject: '{{action_name}} sur {{app_name}}',
  expiry: 'Ce lien ne peut être utilisé qu’une fois et expire {{expires_in}}.',
  code: 'Ou saisissez ce code sur la page où vous avez demandé le lien :',
  fallback: 'Si le bouton ne fonctionne pas, copiez et collez ce lien dans votre navigateur :',
  securityNote: 'Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail. Rien ne changera tant que le lien n’est pas utilisé.',
  footer: 'Envoyé par {{app_name}}.',
};

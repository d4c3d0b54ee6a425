import type { MessageStrings } from './message-strings';

export const pt: MessageStrings = {
  locale: 'pt',
  types: {
    login: {
      subject: 'Entrar em {{app_name}}',
      heading: 'Entrar em {{app_name}}',
      intro: 'Use o botão abaixo para entrar. Não é preciso senha.',
      button: 'Entrar',
    },
    registration: {
      subject: 'Conclua seu cadastro em {{app_name}}',
      heading: 'Conclua seu cadastro em {{app_name}}',
      intro: 'Falta só um passo para sua nova conta. Use o botão abaixo para concluir o cadastro.',
      button: 'Concluir cadastro',
    },
    password_reset: {
      subject: 'Redefina sua senha de {{app_name}}',
      heading: 'Redefina sua senha',
      intro: 'Recebemos um pedido para redefinir a senha da sua conta {{app_name}}. Use o botão abaixo para escolher uma nova.',
      button: 'Redefinir senha',
    },
    verify_email: {
      subject: 'Confirme seu e-mail para {{app_name}}',
      smsSubject: 'Confirme seu número de telefone para {{app_name}}',
      heading: 'Confirme seu endereço de e-mail',
      intro: 'Confirme que este endereço é seu para que {{app_name}} possa falar com você.',
      button: 'Confirmar e-mail',
    },
  },
  actionSubject: '{{action_name}} em {{app_name}}',
  expiry: 'Este link pode ser usado uma vez e expira {{expires_in}}.',
  code: 'Ou digite este código na página onde você pediu o link:',
  fallback: 'Se o botão não funcionar, copie e cole este link no seu navegador:',
  securityNote: 'Se você não fez este pedido, ignore este e-mail. Nada muda enquanto o link não for usado.',
  footer: 'Enviado por {{app_name}}.',
};

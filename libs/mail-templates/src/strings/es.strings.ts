import type { MessageStrings } from './message-strings';

export const es: MessageStrings = {
  locale: 'es',
  types: {
    login: {
      subject: 'Inicia sesión en {{app_name}}',
      heading: 'Inicia sesión en {{app_name}}',
      intro: 'Usa el botón de abajo para iniciar sesión. No necesitas contraseña.',
      button: 'Iniciar sesión',
    },
    registration: {
      subject: 'Completa tu registro en {{app_name}}',
      heading: 'Completa tu registro en {{app_name}}',
      intro: 'Estás a un paso de tu nueva cuenta. Usa el botón de abajo para completar el registro.',
      button: 'Completar registro',
    },
    password_reset: {
      subject: 'Restablece tu contraseña de {{app_name}}',
      heading: 'Restablece tu contraseña',
      intro: 'Recibimos una solicitud para restablecer la contraseña de tu cuenta de {{app_name}}. Usa el botón de abajo para elegir una nueva.',
      button: 'Restablecer contraseña',
    },
    verify_email: {
      subject: 'Confirma tu correo para {{app_name}}',
      smsSubject: 'Confirma tu número de teléfono para {{app_name}}',
      heading: 'Confirma tu dirección de correo',
      intro: 'Confirma que esta dirección te pertenece para que {{app_name}} pueda contactarte.',
      button: 'Confirmar correo',
    },
  },
  actionSubject: '{{action_name}} en {{app_name}}',
  expiry: 'Este enlace solo se puede usar una vez y caduca {{expires_in}}.',
  code: 'O escribe este código en la página donde pediste el enlace:',
  fallback: 'Si el botón no funciona, copia y pega este enlace en tu navegador:',
  securityNote: 'Si no lo solicitaste, ignora este correo. Nada cambiará mientras no se use el enlace.',
  footer: 'Enviado por {{app_name}}.',
};

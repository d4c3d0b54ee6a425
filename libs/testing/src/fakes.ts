/** Entry point `@sesame/testing/fakes`: loopback stand-ins for the outside world (no database, no Sesame process). */
export * from './fake-sendgrid';
export * from './fake-twilio';
export * from './webhook-receiver';
export * from './otlp-receiver';
export * from './free-port';

export * from './test-database';
export * from './webhook-receiver';
export * from './free-port';
export * from './fake-sendgrid';
export * from './stack';
export * from './api-client';
export * from './fake-twilio';
export * from './event-schemas';

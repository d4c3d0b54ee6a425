export * from './context';
export * from './logger';
export * from './nest-logger';
export * from './metrics';
export * from './health';
export * from './tokens';
export * from './health.service';
export * from './log-redaction';

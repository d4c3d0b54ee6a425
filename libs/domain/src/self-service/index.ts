export * from './self-service';

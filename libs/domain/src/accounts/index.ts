export * from './password';
export * from './application';

export * from './token';
export * from './peppers';
export * from './token-hasher';
export * from './sealer';
export * from './api-key';
export * from './webhook-signature';
export * from './hash';
export * from './password-hasher';

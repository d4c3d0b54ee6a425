export * from './link-message.renderer';
export * from './template-variables';
export * from './template-validation';
export { escapeHtml, singleLine } from './escape';
export { MESSAGE_STRINGS } from './strings';
export type { MessageStrings, TypeStrings } from './strings';
export { expiresInWords } from './relative-time';
export * from './template-preview';

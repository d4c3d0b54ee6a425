export * from './link-message.renderer';
export * from './template-variables';
export * from './template-validation';
export { escapeHtml, singleLine } from './escape';
export * from './template-preview';

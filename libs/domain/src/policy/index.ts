export * from './policy-section';
export * from './policy';
export * from './links.section';
export * from './redirect.section';
export * from './app.section';
export * from './users.section';
export * from './branding.section';
export * from './retention.section';

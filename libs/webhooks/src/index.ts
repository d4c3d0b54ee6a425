export * from './address-classification';
export * from './ssrf-guard';
export * from './retry-schedule';
export * from './event-catalogue';

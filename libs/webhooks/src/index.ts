export * from './address-classification';
export * from './ssrf-guard';
export * from './retry-schedule';

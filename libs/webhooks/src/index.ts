export * from './ssrf-guard';
export * from './retry-schedule';

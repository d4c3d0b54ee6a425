import { ConfigError, loadConfig, MailWorkerConfig } from '@sesame/config';

const base = { TOKEN_PEPPER: `k1:${'p'.repeat(40)}` };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(MailWorkerConfig, { ...base, ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('MailWorkerConfig', () => {
  it('defaults to the outbox transport with no SendGrid settings', () => {
    const config = loadConfig(MailWorkerConfig, base);
    expect(config).toMatchObject({ MAIL_TRANSPORT: 'outbox', SENDGRID_API_KEY: '', SENDGRID_BASE_URL: '', SEND_CLAIM_TIMEOUT_MS: 120_000 });
  });

  it('sizes the database pool for every concurrent job', () => {
    expect(loadConfig(MailWorkerConfig, { ...base, MAIL_CONCURRENCY: '32' }).dbPoolSize).toBe(32);
    expect(loadConfig(MailWorkerConfig, { ...base, MAIL_CONCURRENCY: '4', DB_POOL_SIZE: '12' }).dbPoolSize).toBe(12);
  });

  it('requires SENDGRID_API_KEY when MAIL_TRANSPORT=sendgrid', () => {
    expect(problems({ MAIL_TRANSPORT: 'sendgrid' })).toEqual(['SENDGRID_API_KEY: SENDGRID_API_KEY is required when MAIL_TRANSPORT=sendgrid']);
    expect(problems({ MAIL_TRANSPORT: 'sendgrid', SENDGRID_API_KEY: 'SG.x' })).toEqual([]);
  });

  it('lists every bad variable at once', () => {
    expect(problems({ MAIL_TRANSPORT: 'sendgrid', SENDGRID_BASE_URL: 'ftp://x', SEND_CLAIM_TIMEOUT_MS: '5' })).toEqual([
      'SENDGRID_API_KEY: SENDGRID_API_KEY is required when MAIL_TRANSPORT=sendgrid',
      'SENDGRID_BASE_URL: SENDGRID_BASE_URL must be an http(s) URL',
      'SEND_CLAIM_TIMEOUT_MS: SEND_CLAIM_TIMEOUT_MS must not be less than 5000',
    ]);
  });
});

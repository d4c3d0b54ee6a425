import { GatewayConfig, loadConfig, ConfigError, describeConfig, TokenServiceConfig, trustProxyOption } from './index';

const valid = { SESAME_ROOT_API_KEY: 'r'.repeat(40), TOKEN_PEPPER: `k1:${'p'.repeat(40)}` };

describe('loadConfig', () => {
  it('converts numbers and lists and keeps defaults', () => {
    const c = loadConfig(GatewayConfig, { ...valid, PORT: '3900', TOKEN_PEPPER: `k2:${'q'.repeat(40)},k1:${'p'.repeat(40)}` });
    expect(c.PORT).toBe(3900);
    expect(c.TOKEN_PEPPER).toHaveLength(2);
    expect(c.RPC_TIMEOUT_MS).toBe(5000);
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig(GatewayConfig, { PORT: 'eighty', DATABASE_URL: 'mysql://x', TOKEN_PEPPER: 'short' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const vars = (err as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(new Set(vars)).toEqual(new Set(['PORT', 'DATABASE_URL', 'TOKEN_PEPPER', 'SESAME_ROOT_API_KEY']));
    }
  });

  it('takes a SendGrid Event Webhook key only as SendGrid shows it', () => {
    const key = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g==';
    const pepper = { TOKEN_PEPPER: valid.TOKEN_PEPPER };
    expect(loadConfig(TokenServiceConfig, pepper).SENDGRID_EVENT_PUBLIC_KEY).toBe('');
    expect(loadConfig(TokenServiceConfig, { ...pepper, SENDGRID_EVENT_PUBLIC_KEY: key }).SENDGRID_EVENT_PUBLIC_KEY).toBe(key);
    expect(() => loadConfig(TokenServiceConfig, { ...pepper, SENDGRID_EVENT_PUBLIC_KEY: 'SG.not-a-key' })).toThrow(/SENDGRID_EVENT_PUBLIC_KEY: .*verification key/);
  });

  it('takes the standard OpenTelemetry variables, refusing what the SDK would silently replace', () => {
    const off = loadConfig(GatewayConfig, valid);
    expect([off.OTEL_EXPORTER_OTLP_ENDPOINT, off.OTEL_TRACES_SAMPLER, off.OTEL_SDK_DISABLED]).toEqual(['', 'parentbased_always_on', false]);
    const on = loadConfig(GatewayConfig, { ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' });
    expect(on.OTEL_TRACES_SAMPLER_ARG).toBe('0.25');
    try {
      loadConfig(GatewayConfig, { ...valid, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318', OTEL_TRACES_SAMPLER: 'sometimes', OTEL_TRACES_SAMPLER_ARG: '2', OTEL_SDK_DISABLED: 'yes' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      const vars = (err as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(new Set(vars)).toEqual(new Set(['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG', 'OTEL_SDK_DISABLED']));
    }
  });

  it('serves gateway metrics on the public port unless METRICS_PORT is set', () => {
    expect(loadConfig(GatewayConfig, valid).metricsPort).toBeNull();
    expect(loadConfig(GatewayConfig, { ...valid, METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(loadConfig(GatewayConfig, { ...valid, METRICS_PORT: '0' }).metricsPort).toBe(0);
    for (const bad of ['65536', 'abc', '-1', '9464x']) {
      expect(() => loadConfig(GatewayConfig, { ...valid, METRICS_PORT: bad })).toThrow(/METRICS_PORT/);
    }
  });

  it('masks secrets when described', () => {
    const described = describeConfig(loadConfig(GatewayConfig, { ...valid, OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=hhhh' }));
    expect(described.SESAME_ROOT_API_KEY).toBe('***');
    expect(described.OTEL_EXPORTER_OTLP_HEADERS).toBe('***');
    expect(JSON.stringify(described)).not.toContain('hhhh');
    expect(JSON.stringify(described)).not.toContain('pppp');
  });
});

describe('TRUST_PROXY', () => {
  it('defaults to trusting no proxy', () => {
    expect(trustProxyOption(loadConfig(GatewayConfig, valid).TRUST_PROXY)).toBe(false);
  });
  it.each([['true', true], ['2', 2], ['loopback, 10.0.0.0/8', ['loopback', '10.0.0.0/8']]] as const)('reads %s', (value, option) => {
    expect(trustProxyOption(loadConfig(GatewayConfig, { ...valid, TRUST_PROXY: value }).TRUST_PROXY)).toEqual(option);
  });
  it('refuses garbage', () => {
    expect(() => loadConfig(GatewayConfig, { ...valid, TRUST_PROXY: 'yes please!' })).toThrow('TRUST_PROXY');
  });
});

import { OtlpReceiver, ReceivedSpan, Stack, startOtlpReceiver, startStack } from '@sesame/testing';
import { createLink, createTenant, expectStatus, Tenant } from './support/fixtures';

jest.setTimeout(120_000);

const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/**
 * With OTEL_EXPORTER_OTLP_ENDPOINT pointing at a real OTLP/HTTP receiver, one emailed link is one
 * trace from the API request to SendGrid's answer and to the webhook it causes, across processes.
 */
describe('tracing', () => {
  let otlp: OtlpReceiver;
  let stack: Stack;
  let tenant: Tenant;

  beforeAll(async () => {
    otlp = await startOtlpReceiver();
    // A short batch delay so spans arrive within the test, not after the SDK's default 5 s.
    stack = await startStack({ label: 'tracing', env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' } });
    tenant = await createTenant(stack);
    const ep = await stack.api('/v1/webhook-endpoints', {
      key: tenant.api_key,
      body: { url: stack.receiver.url, events: ['magiclink.email.sent'], description: 'tracing e2e' },
    });
    expectStatus(ep, 201, 'POST /v1/webhook-endpoints');
  });
  afterAll(async () => {
    await stack?.stop();
    await otlp?.close();
  });

  it('follows a link from POST /v1/magic-links through RPC, the outbox and the mail job to the SendGrid call and the webhook', async () => {
    await createLink(stack, tenant.api_key, { email: 'trace@example.com', send: true });
    await stack.sendgrid.waitFor(1, 15_000);
    await stack.receiver.waitFor(1, 15_000);

    const root = (await otlp.waitFor((spans) => spans.some(isCreateRequest))).find(isCreateRequest)!;
    const named = (service: string, name: string) => (spans: readonly ReceivedSpan[]) =>
      spans.find((s) => s.traceId === root.traceId && s.service === service && s.name === name);
    const last = named('webhook-dispatcher', 'webhook POST');
    const spans = (await otlp.waitFor((all) => last(all) !== undefined)).filter((s) => s.traceId === root.traceId);
    const find = (service: string, name: string) => {
      const span = named(service, name)(spans);
      if (!span) throw new Error(`no ${service} span "${name}" in the trace: ${spans.map((s) => `${s.service}:${s.name}`).join(', ')}`);
      return span;
    };

    expect(root).toEqual(expect.objectContaining({ service: 'gateway', kind: SERVER, parentSpanId: '', attributes: expect.objectContaining({ 'http.route': '/v1/magic-links', 'http.response.status_code': 201 }) }));
    const rpcClient = find('gateway', 'rpc links.create');
    const rpcServer = find('token-service', 'rpc links.create');
    const publishMail = find('token-service', 'publish mail send-link');
    const processMail = find('mail-worker', 'process mail send-link');
    const sendgrid = find('mail-worker', 'sendgrid send');
    // magiclink.email.sent: its outbox row is written by the mail-worker inside the job's span and
    // published by token-service's relay, under that span.
    const publishEvent = find('token-service', 'publish webhooks fan-out');

    expect(rpcClient).toEqual(expect.objectContaining({ kind: CLIENT, parentSpanId: root.spanId }));
    expect(rpcServer).toEqual(expect.objectContaining({ kind: SERVER, parentSpanId: rpcClient.spanId }));
    expect(publishMail).toEqual(expect.objectContaining({ kind: PRODUCER, parentSpanId: rpcServer.spanId }));
    expect(processMail).toEqual(expect.objectContaining({ kind: CONSUMER, parentSpanId: publishMail.spanId }));
    expect(sendgrid).toEqual(expect.objectContaining({ kind: CLIENT, parentSpanId: processMail.spanId, statusCode: 0 }));
    expect(publishEvent.parentSpanId).toBe(processMail.spanId);
    const fanOut = find('webhook-dispatcher', 'process webhooks fan-out');
    expect(fanOut).toEqual(expect.objectContaining({ kind: CONSUMER, parentSpanId: publishEvent.spanId }));
    expect(find('webhook-dispatcher', 'webhook POST')).toEqual(expect.objectContaining({ kind: CLIENT, parentSpanId: fanOut.spanId }));
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['gateway', 'token-service', 'mail-worker', 'webhook-dispatcher']));

    // The mail job's log line names the trace and the job's span, so a log search finds the trace.
    const finished = stack.logs().map(jsonLine).find((l) => l.msg === 'mail job finished' && l.trace_id === root.traceId);
    expect(finished).toEqual(expect.objectContaining({ service: 'mail-worker', span_id: processMail.spanId }));
  });

  it("traces the scheduler's runs too, one trace per run", async () => {
    const spans = await otlp.waitFor((all) => all.some((s) => s.service === 'scheduler' && s.name === 'process scheduler reconcile-outbox'));
    const run = spans.find((s) => s.service === 'scheduler' && s.name === 'process scheduler reconcile-outbox')!;
    expect(run).toEqual(expect.objectContaining({ kind: CONSUMER, parentSpanId: '', attributes: expect.objectContaining({ 'messaging.destination.name': 'scheduler' }) }));
  });
});

function isCreateRequest(span: ReceivedSpan): boolean {
  return span.service === 'gateway' && span.name === 'POST /v1/magic-links';
}

function jsonLine(line: string): Record<string, unknown> {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return {};
  }
}

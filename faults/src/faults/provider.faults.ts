import type { FakeSendGridAnswer } from '@sesame/testing';
import type { Fault, FaultContext, FaultOutcome } from './fault';
import { sleep } from './probes';

/** The fake SendGrid answering 500, then 429 with Retry-After, then not at all, each for FAULTS_PROVIDER_MS. */
export function providerFaults(): Fault[] {
  return [
    { name: 'SendGrid 500', inject: (ctx) => providerAnswers(ctx, 500) },
    { name: 'SendGrid 429', inject: (ctx) => providerAnswers(ctx, 429, { 'Retry-After': '2' }) },
    { name: 'SendGrid timeouts', inject: (ctx) => providerAnswers(ctx, 'no-answer') },
  ];
}

async function providerAnswers(ctx: FaultContext, answer: FakeSendGridAnswer, headers?: Record<string, string>): Promise<FaultOutcome> {
  const { sendgrid } = ctx.stack;
  const seen = sendgrid.requests.length;
  sendgrid.answerEveryRequest(answer, headers);
  await sleep(ctx.timings.providerFaultMs);
  sendgrid.answerEveryRequest(null);
  const refused = sendgrid.requests.slice(seen).filter((r) => r.status < 200 || r.status >= 300).length;
  return { checks: [{ name: 'provider failed sends', ok: refused > 0, detail: `${refused} requests answered ${answer}` }] };
}

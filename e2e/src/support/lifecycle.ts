import { Sesame, verifyWebhook } from '@sesame/client';
import type { Stack } from '@sesame/testing';
import { APP_ORIGIN, CALLBACK_URL, linkTokens, mailOf, mailPart, sleep } from './fixtures';

/**
 * The shortest whole journey through all five processes, for specs that vary what is under them
 * (a Redis Cluster, Sentinel): a tenant and webhook endpoint, a link sent by email (gateway → RPC
 * → token-service → outbox → mail queue → mail-worker → fake SendGrid), authenticated with the
 * token from the mail, and the signed `magiclink.email.sent` webhook (webhooks queue → dispatcher).
 */
export async function runMailedLinkLifecycle(stack: Stack, email = 'alice@example.com'): Promise<void> {
  const operator = new Sesame({ apiKey: stack.rootKey, baseUrl: stack.baseUrl });
  const tenant = await operator.tenants.create({ name: `Acme ${Date.now()}`, app_origin: APP_ORIGIN, allowed_redirect_urls: [CALLBACK_URL] });
  const sesame = new Sesame({ apiKey: tenant.api_key, baseUrl: stack.baseUrl });
  const endpoint = await sesame.webhookEndpoints.create({ url: stack.receiver.url, events: ['magiclink.email.sent'] });

  const link = await sesame.magicLinks.create({ email, redirect_url: CALLBACK_URL, send: true });
  await stack.sendgrid.waitFor(1, 30_000);
  await sleep(500); // a duplicate send would show up here
  if (stack.sendgrid.requests.length !== 1) throw new Error(`expected one email, the fake SendGrid got ${stack.sendgrid.requests.length}`);
  const mail = mailOf(stack.sendgrid.requests[0]);
  if (mail.personalizations[0].to[0].email !== email) throw new Error(`mail went to ${mail.personalizations[0].to[0].email}`);
  const [token] = linkTokens(mailPart(mail, 'text/html'), stack.baseUrl);
  if (!token) throw new Error('the mail holds no link');

  const auth = await sesame.magicLinks.authenticate({ token });
  if (auth.link_id !== link.id) throw new Error(`authenticated link ${auth.link_id}, expected ${link.id}`);

  const received = await stack.receiver.waitFor((r) => r.some((w) => w.body.includes('magiclink.email.sent')), 30_000);
  const hook = received.find((w) => w.body.includes('magiclink.email.sent'))!;
  const event = verifyWebhook(endpoint.secret, hook.headers, hook.body); // throws unless signed with this endpoint's secret
  if ((event.data as { link_id?: string }).link_id !== link.id) throw new Error(`webhook for link ${JSON.stringify(event.data)}`);
}

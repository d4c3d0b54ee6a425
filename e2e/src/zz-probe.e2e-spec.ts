import { startStack, Stack } from '@sesame/testing';
import { createTenant } from './support/fixtures';
jest.setTimeout(120_000);
let stack: Stack;
beforeAll(async () => { stack = await startStack({ label: 'probe' }); });
afterAll(async () => { await stack?.stop(); });
it('probe', async () => {
  const t = await createTenant(stack);
  const out: unknown[] = [];
  const show = async (label: string, path: string, o: Parameters<Stack['api']>[1]) => {
    const r = await stack.api(path, o);
    out.push([label, r.status, r.headers.get('content-type'), typeof r.body === 'string' ? r.body.slice(0, 300) : r.body]);
  };
  await show('malformed', '/v1/magic-links', { key: t.api_key, body: '{"email":' });
  await show('long l', '/l/' + 'a'.repeat(5000), {});
  await show('long l 200', '/l/' + 'a'.repeat(200), {});
  await show('docs', '/docs/json', {});
  await show('metrics', '/metrics', {});
  console.log(JSON.stringify(out, null, 1));
  console.log(stack.logs().filter((l) => /malformed|invalid_request|"level":[45]0/.test(l)).join('\n'));
});

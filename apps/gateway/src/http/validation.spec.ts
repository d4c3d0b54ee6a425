import { SesameError } from '@sesame/domain';
import { CreateMagicLinkDto } from '../v1/magic-link.dto';
import { UpdateWebhookEndpointDto } from '../v1/webhook-endpoints.dto';
import { validationPipe } from './validation';

const pipe = validationPipe();
const validate = (body: unknown) => pipe.transform(body, { type: 'body', metatype: CreateMagicLinkDto });

async function codeOf(body: unknown): Promise<string> {
  try {
    await validate(body);
    return 'ok';
  } catch (err) {
    return err instanceof SesameError ? err.code : `unexpected ${String(err)}`;
  }
}

describe('validationPipe with CreateMagicLinkDto', () => {
  it('accepts a minimal body', async () => {
    expect(await codeOf({ email: 'a@example.com' })).toBe('ok');
  });

  it.each([
    ['missing user_id and email', {}, 'validation_failed'],
    ['bad email', { email: 'not-an-email' }, 'validation_failed'],
    ['unknown type', { email: 'a@example.com', type: 'teleport' }, 'unknown_type'],
    ['unknown field', { email: 'a@example.com', admin: true }, 'validation_failed'],
    ['ttl out of range', { email: 'a@example.com', ttl_seconds: 86_401 }, 'validation_failed'],
    ['ttl wrong type', { email: 'a@example.com', ttl_seconds: '60' }, 'validation_failed'],
    ['context_data nested', { email: 'a@example.com', context_data: { a: { b: 1 } } }, 'validation_failed'],
    ['context_data with an array value', { email: 'a@example.com', context_data: { a: [1] } }, 'validation_failed'],
    ['send wrong type', { email: 'a@example.com', send: 'yes' }, 'validation_failed'],
  ])('refuses %s', async (_name, body, code) => {
    expect(await codeOf(body)).toBe(code);
  });

  it('accepts context_data with numbers, booleans and null (Auth Armor context_data keeps JSON types)', async () => {
    expect(await codeOf({ email: 'a@example.com', context_data: { seats: 3, trial: true, coupon: null, ref: 'ads' } })).toBe('ok');
  });

  it('names every failing field in details', async () => {
    await expect(validate({ email: 'x', ttl_seconds: 0 })).rejects.toMatchObject({
      details: { fields: expect.arrayContaining([expect.objectContaining({ field: 'email' }), expect.objectContaining({ field: 'ttl_seconds' })]) },
    });
  });
});

describe('validationPipe with UpdateWebhookEndpointDto (fuzz finding: null reached the service)', () => {
  const update = (body: unknown) => pipe.transform(body, { type: 'body', metatype: UpdateWebhookEndpointDto });

  it.each([['events'], ['url'], ['enabled']])('refuses %s: null (left out means unchanged; null is not a value)', async (field) => {
    await expect(update({ [field]: null })).rejects.toMatchObject({ code: 'validation_failed', details: { fields: [expect.objectContaining({ field })] } });
  });

  it('still takes description: null (removes it) and a body that leaves every field out', async () => {
    await expect(update({ description: null })).resolves.toMatchObject({ description: null });
    await expect(update({})).resolves.toBeDefined();
  });
});

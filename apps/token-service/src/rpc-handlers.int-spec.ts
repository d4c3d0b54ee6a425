import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { ModulesContainer } from '@nestjs/core';
import { RPC_PATTERNS } from '@sesame/messaging';
import { startTokenServiceContext, TokenServiceContext } from './testing/token-service-context';

/** Which feature module handles a pattern follows from its first segment. */
const MODULE_OF_PREFIX: Record<string, string> = {
  'api-keys': 'ApiKeysModule',
  tenants: 'TenantsModule',
  policy: 'PolicyModule',
  users: 'UsersModule',
  audit: 'AuditModule',
  links: 'LinksModule',
  'sign-in': 'SignInModule',
  passwords: 'AccountsModule',
  'password-resets': 'AccountsModule',
  applications: 'AccountsModule',
  'auth-flows': 'AccountsModule',
  'self-service': 'AccountsModule',
  registrations: 'AccountsModule',
  compat: 'CompatModule',
  console: 'ConsoleModule',
  'webhook-endpoints': 'WebhookEndpointsModule',
  'webhook-deliveries': 'WebhookEndpointsModule',
  'provider-events': 'DeliveryEventsModule',
  providers: 'ProvidersModule',
  templates: 'MailTemplatesModule',
  'dev-mailbox': 'DevMailboxModule',
  retention: 'RetentionModule',
};

let ctx: TokenServiceContext;
beforeAll(async () => {
  ctx = await startTokenServiceContext('rpc-handlers');
}, 60_000);
afterAll(() => ctx?.close());

it('handles every pattern of the RPC map exactly once, in the feature module its name points to', () => {
  const handledBy: [string, string][] = [];
  for (const module of ctx.app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const proto = (metatype as { prototype: Record<string, unknown> }).prototype;
      for (const key of Object.getOwnPropertyNames(proto)) {
        const patterns: string[] | undefined = Reflect.getMetadata(PATTERN_METADATA, proto[key] as object);
        patterns?.forEach((pattern) => handledBy.push([pattern, module.metatype.name]));
      }
    }
  }
  const expected = RPC_PATTERNS.map((pattern) => [pattern, MODULE_OF_PREFIX[pattern.split('.')[0]]]);
  expect(handledBy.sort()).toEqual(expected.sort());
});

import pino from 'pino';
import { GatewayConfig, loadConfig } from '@sesame/config';
import { DevMailboxController } from './dev/dev-mailbox.controller';
import { GatewayModule } from './gateway.module';

const env = { SESAME_ROOT_API_KEY: 'r'.repeat(40), TOKEN_PEPPER: `k1:${'p'.repeat(40)}`, PUBLIC_BASE_URL: 'https://auth.example.com' };
const controllersFor = (NODE_ENV: string) => GatewayModule.forRoot(loadConfig(GatewayConfig, { ...env, NODE_ENV }), pino({ enabled: false })).controllers ?? [];

describe('GatewayModule', () => {
  it('does not mount the dev mailbox in production (it lists every tenant\'s mail, links included)', () => {
    expect(controllersFor('production')).not.toContain(DevMailboxController);
  });

  it.each(['development', 'test'])('mounts the dev mailbox when NODE_ENV=%s', (nodeEnv) => {
    expect(controllersFor(nodeEnv)).toContain(DevMailboxController);
  });
});

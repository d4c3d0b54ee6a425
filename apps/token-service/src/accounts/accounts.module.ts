import { Module } from '@nestjs/common';
import { LinksModule } from '../links/links.module';
import { ACCOUNT_PROVIDERS } from './accounts.providers';
import { AccountsRpcController } from './accounts.rpc-controller';

/** Accounts: passwords and their reset, applications, auth flows, registrations and self-service requests. */
@Module({
  imports: [LinksModule],
  controllers: [AccountsRpcController],
  providers: [...ACCOUNT_PROVIDERS],
})
export class AccountsModule {}

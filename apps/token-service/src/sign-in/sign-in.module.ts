import { Module } from '@nestjs/common';
import { LinksModule } from '../links/links.module';
import { LinkRequestsModule } from '../link-requests/link-requests.module';
import { SignInService } from './sign-in.service';
import { SignInRpcController } from './sign-in.rpc-controller';

/** Public sign-in requests (the hosted request page and the JSON endpoint): built on links. */
@Module({
  imports: [LinksModule, LinkRequestsModule],
  controllers: [SignInRpcController],
  providers: [SignInService],
})
export class SignInModule {}

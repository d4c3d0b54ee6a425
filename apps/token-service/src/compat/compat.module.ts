import { Module } from '@nestjs/common';
import { LinksModule } from '../links/links.module';
import { PassageLinkService } from './passage-link.service';
import { CompatRpcController } from './compat.rpc-controller';

/** Vendor-compatible operations that are more than one native call. */
@Module({
  imports: [LinksModule],
  controllers: [CompatRpcController],
  providers: [PassageLinkService],
})
export class CompatModule {}

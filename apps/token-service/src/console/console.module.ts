import { Module } from '@nestjs/common';
import { LinksModule } from '../links/links.module';
import { ConsoleStatsRepository } from './console-stats.repository';
import { ConsoleUserRepository } from './console-user.repository';
import { ConsoleRpcController } from './console.rpc-controller';
import { ConsoleService } from './console.service';

/** The admin console's side: console users, their sign-in by magic link (through links), the overview's stats. */
@Module({
  imports: [LinksModule],
  controllers: [ConsoleRpcController],
  providers: [ConsoleUserRepository, ConsoleStatsRepository, ConsoleService],
})
export class ConsoleModule {}

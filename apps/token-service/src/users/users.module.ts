import { Module } from '@nestjs/common';
import { LinksModule } from '../links/links.module';
import { UserRepository } from './user.repository';
import { UserService } from './user.service';
import { UsersRpcController } from './users.rpc-controller';

/** A tenant's users. */
@Module({
  imports: [LinksModule],
  controllers: [UsersRpcController],
  providers: [UserRepository, UserService],
})
export class UsersModule {}

import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { RPC, RpcHandler } from '@sesame/messaging';
import { UserService } from './user.service';

/** RPC surface of a tenant's users. */
@Controller()
export class UsersRpcController {
  constructor(
    @Inject(UserService) private readonly users: UserService,
  ) {}

  @RpcHandler(RPC.usersCreate)
  create(@Payload() req: C.CreateUserRequest) {
    return this.users.create(req);
  }

  @RpcHandler(RPC.usersGet)
  get(@Payload() req: C.GetUserRequest) {
    return this.users.get(req);
  }

  @RpcHandler(RPC.usersList)
  list(@Payload() req: C.ListUsersRequest) {
    return this.users.list(req);
  }

  @RpcHandler(RPC.usersUpdate)
  update(@Payload() req: C.UpdateUserRequest) {
    return this.users.update(req);
  }

  @RpcHandler(RPC.usersDelete)
  async delete(@Payload() req: C.DeleteUserRequest) {
    await this.users.delete(req);
    return { deleted: true };
  }
}

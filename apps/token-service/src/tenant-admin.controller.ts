import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { RPC, RpcHandler } from '@sesame/messaging';
import { AuditService } from './audit/audit.service';
import { PolicyService } from './policy/policy.service';
import { UserService } from './users/user.service';

/** RPC surface of tenant administration: policy, users, audit log. */
@Controller()
export class TenantAdminController {
  constructor(
    @Inject(PolicyService) private readonly policy: PolicyService,
    @Inject(UserService) private readonly users: UserService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  private count<T>(pattern: string, result: Promise<T>): Promise<T> {
    return result;
  }

  @RpcHandler(RPC.policyGet)
  getPolicy(@Payload() req: C.GetPolicyRequest) {
    return this.policy.get(req);
  }

  @RpcHandler(RPC.policyUpdate)
  updatePolicy(@Payload() req: C.UpdatePolicyRequest) {
    return this.policy.update(req);
  }

  @RpcHandler(RPC.usersCreate)
  createUser(@Payload() req: C.CreateUserRequest) {
    return this.users.create(req);
  }

  @RpcHandler(RPC.usersGet)
  getUser(@Payload() req: C.GetUserRequest) {
    return this.users.get(req);
  }

  @RpcHandler(RPC.usersList)
  listUsers(@Payload() req: C.ListUsersRequest) {
    return this.users.list(req);
  }

  @RpcHandler(RPC.usersUpdate)
  updateUser(@Payload() req: C.UpdateUserRequest) {
    return this.users.update(req);
  }

  @RpcHandler(RPC.usersDelete)
  async deleteUser(@Payload() req: C.DeleteUserRequest) {
    await this.users.delete(req);
    return { deleted: true };
  }

  @RpcHandler(RPC.auditList)
  listAudit(@Payload() req: C.ListAuditEventsRequest) {
    return this.audit.list(req);
  }
}

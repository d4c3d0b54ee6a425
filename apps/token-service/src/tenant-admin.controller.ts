import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import * as C from '@sesame/messaging';
import { RPC } from '@sesame/messaging';
import { AuditService } from './audit/audit.service';
import { counted, RPC_REQUESTS } from './metrics.providers';
import { PolicyService } from './policy/policy.service';
import { UserService } from './users/user.service';

/** RPC surface of tenant administration: policy, users, audit log. */
@Controller()
export class TenantAdminController {
  constructor(
    @Inject(PolicyService) private readonly policy: PolicyService,
    @Inject(UserService) private readonly users: UserService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(RPC_REQUESTS) private readonly requests: Counter<string>,
  ) {}

  private count<T>(pattern: string, result: Promise<T>): Promise<T> {
    return counted(this.requests, pattern, result);
  }

  @MessagePattern(RPC.policyGet)
  getPolicy(@Payload() req: C.GetPolicyRequest) {
    return this.count(RPC.policyGet, this.policy.get(req));
  }

  @MessagePattern(RPC.policyUpdate)
  updatePolicy(@Payload() req: C.UpdatePolicyRequest) {
    return this.count(RPC.policyUpdate, this.policy.update(req));
  }

  @MessagePattern(RPC.usersCreate)
  createUser(@Payload() req: C.CreateUserRequest) {
    return this.count(RPC.usersCreate, this.users.create(req));
  }

  @MessagePattern(RPC.usersGet)
  getUser(@Payload() req: C.GetUserRequest) {
    return this.count(RPC.usersGet, this.users.get(req));
  }

  @MessagePattern(RPC.usersList)
  listUsers(@Payload() req: C.ListUsersRequest) {
    return this.count(RPC.usersList, this.users.list(req));
  }

  @MessagePattern(RPC.usersUpdate)
  updateUser(@Payload() req: C.UpdateUserRequest) {
    return this.count(RPC.usersUpdate, this.users.update(req));
  }

  @MessagePattern(RPC.usersDelete)
  async deleteUser(@Payload() req: C.DeleteUserRequest) {
    await this.count(RPC.usersDelete, this.users.delete(req));
    return { deleted: true };
  }

  @MessagePattern(RPC.auditList)
  listAudit(@Payload() req: C.ListAuditEventsRequest) {
    return this.count(RPC.auditList, this.audit.list(req));
  }
}

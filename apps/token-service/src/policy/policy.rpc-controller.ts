import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { RPC, RpcHandler } from '@sesame/messaging';
import { PolicyService } from './policy.service';

/** RPC surface of a tenant's policy. */
@Controller()
export class PolicyRpcController {
  constructor(
    @Inject(PolicyService) private readonly policy: PolicyService,
  ) {}

  @RpcHandler(RPC.policyGet)
  get(@Payload() req: C.GetPolicyRequest) {
    return this.policy.get(req);
  }

  @RpcHandler(RPC.policyUpdate)
  update(@Payload() req: C.UpdatePolicyRequest) {
    return this.policy.update(req);
  }
}

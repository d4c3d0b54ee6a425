import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import * as C from '@sesame/messaging';
import { ACCOUNT_RPC as A } from '@sesame/messaging';
import { counted, RPC_REQUESTS } from '../metrics.providers';
import { ApplicationService } from './application.service';
import { AuthFlowService } from './auth-flow.service';
import { PasswordService } from './password.service';

/** RPC surface of accounts: passwords, applications and auth flows. */
@Controller()
export class AccountRpcController {
  constructor(
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(ApplicationService) private readonly applications: ApplicationService,
    @Inject(AuthFlowService) private readonly authFlows: AuthFlowService,
    @Inject(RPC_REQUESTS) private readonly requests: Counter<string>,
  ) {}

  private count<T>(pattern: string, result: Promise<T>): Promise<T> {
    return counted(this.requests, pattern, result);
  }

  @MessagePattern(A.passwordsSet)
  setPassword(@Payload() req: C.SetPasswordRequest) {
    return this.count(A.passwordsSet, this.passwords.set(req));
  }

  @MessagePattern(A.applicationsCreate)
  createApplication(@Payload() req: C.CreateApplicationRequest) {
    return this.count(A.applicationsCreate, this.applications.create(req));
  }

  @MessagePattern(A.applicationsGet)
  getApplication(@Payload() req: C.GetApplicationRequest) {
    return this.count(A.applicationsGet, this.applications.get(req));
  }

  @MessagePattern(A.applicationsList)
  listApplications(@Payload() req: C.ListApplicationsRequest) {
    return this.count(A.applicationsList, this.applications.list(req));
  }

  @MessagePattern(A.applicationsUpdate)
  updateApplication(@Payload() req: C.UpdateApplicationRequest) {
    return this.count(A.applicationsUpdate, this.applications.update(req));
  }

  @MessagePattern(A.applicationsDelete)
  async deleteApplication(@Payload() req: C.DeleteApplicationRequest) {
    await this.count(A.applicationsDelete, this.applications.delete(req));
    return { deleted: true };
  }

  @MessagePattern(A.authFlowsStart)
  startAuthFlow(@Payload() req: C.StartAuthFlowRequest) {
    return this.count(A.authFlowsStart, this.authFlows.start(req));
  }

  @MessagePattern(A.authFlowsGet)
  getAuthFlow(@Payload() req: C.GetAuthFlowRequest) {
    return this.count(A.authFlowsGet, this.authFlows.get(req));
  }
}

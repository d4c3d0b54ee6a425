import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Counter } from 'prom-client';
import * as C from '@sesame/messaging';
import { ACCOUNT_RPC as A } from '@sesame/messaging';
import { counted, RPC_REQUESTS } from '../metrics.providers';
import { ApplicationService } from './application.service';
import { AuthFlowService } from './auth-flow.service';
import { PasswordResetService } from './password-reset.service';
import { PasswordService } from './password.service';
import { RegistrationService } from './registration.service';
import { SelfServiceService } from './self-service.service';

/** RPC surface of accounts: passwords and their reset, applications, auth flows, registrations and self-service requests. */
@Controller()
export class AccountRpcController {
  constructor(
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(PasswordResetService) private readonly resets: PasswordResetService,
    @Inject(ApplicationService) private readonly applications: ApplicationService,
    @Inject(AuthFlowService) private readonly authFlows: AuthFlowService,
    @Inject(RegistrationService) private readonly registrations: RegistrationService,
    @Inject(SelfServiceService) private readonly selfService: SelfServiceService,
    @Inject(RPC_REQUESTS) private readonly requests: Counter<string>,
  ) {}

  private count<T>(pattern: string, result: Promise<T>): Promise<T> {
    return counted(this.requests, pattern, result);
  }

  @MessagePattern(A.passwordsSet)
  setPassword(@Payload() req: C.SetPasswordRequest) {
    return this.count(A.passwordsSet, this.passwords.set(req));
  }

  @MessagePattern(A.passwordResetsExchange)
  exchangePasswordReset(@Payload() req: C.ExchangePasswordResetRequest) {
    return this.count(A.passwordResetsExchange, this.resets.exchange(req));
  }

  @MessagePattern(A.passwordResetsComplete)
  completePasswordReset(@Payload() req: C.CompletePasswordResetRequest) {
    return this.count(A.passwordResetsComplete, this.resets.complete(req));
  }

  @MessagePattern(A.passwordResetsPeek)
  peekPasswordReset(@Payload() req: C.PeekPasswordResetRequest) {
    return this.count(A.passwordResetsPeek, this.resets.peek(req));
  }

  @MessagePattern(A.passwordResetsHosted)
  hostedPasswordReset(@Payload() req: C.HostedPasswordResetRequest) {
    return this.count(A.passwordResetsHosted, this.resets.hosted(req));
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

  @MessagePattern(A.authFlowsFirstFactor)
  authFlowFirstFactor(@Payload() req: C.FirstFactorRequest) {
    return this.count(A.authFlowsFirstFactor, this.authFlows.firstFactor(req));
  }

  @MessagePattern(A.selfServiceRequest)
  selfServiceRequest(@Payload() req: C.SelfServiceRequest) {
    return this.count(A.selfServiceRequest, this.selfService.request(req));
  }

  @MessagePattern(A.authFlowsGet)
  getAuthFlow(@Payload() req: C.GetAuthFlowRequest) {
    return this.count(A.authFlowsGet, this.authFlows.get(req));
  }

  @MessagePattern(A.registrationsStart)
  startRegistration(@Payload() req: C.StartRegistrationRequest) {
    return this.count(A.registrationsStart, this.registrations.start(req));
  }

  @MessagePattern(A.registrationsValidate)
  validateRegistration(@Payload() req: C.ValidateRegistrationRequest) {
    return this.count(A.registrationsValidate, this.registrations.validate(req));
  }
}

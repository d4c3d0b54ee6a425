import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import * as C from '@sesame/messaging';
import { ACCOUNT_RPC as A, RpcHandler } from '@sesame/messaging';
import { ApplicationService } from './application.service';
import { AuthFlowService } from './auth-flow.service';
import { PasswordResetService } from './password-reset.service';
import { PasswordService } from './password.service';
import { RegistrationService } from './registration.service';
import { SelfServiceService } from './self-service.service';

/** RPC surface of accounts: passwords and their reset, applications, auth flows, registrations and self-service requests. */
@Controller()
export class AccountsRpcController {
  constructor(
    @Inject(PasswordService) private readonly passwords: PasswordService,
    @Inject(PasswordResetService) private readonly resets: PasswordResetService,
    @Inject(ApplicationService) private readonly applications: ApplicationService,
    @Inject(AuthFlowService) private readonly authFlows: AuthFlowService,
    @Inject(RegistrationService) private readonly registrations: RegistrationService,
    @Inject(SelfServiceService) private readonly selfService: SelfServiceService,
  ) {}

  @RpcHandler(A.passwordsSet)
  setPassword(@Payload() req: C.SetPasswordRequest) {
    return this.passwords.set(req);
  }

  @RpcHandler(A.passwordResetsExchange)
  exchangePasswordReset(@Payload() req: C.ExchangePasswordResetRequest) {
    return this.resets.exchange(req);
  }

  @RpcHandler(A.passwordResetsComplete)
  completePasswordReset(@Payload() req: C.CompletePasswordResetRequest) {
    return this.resets.complete(req);
  }

  @RpcHandler(A.passwordResetsPeek)
  peekPasswordReset(@Payload() req: C.PeekPasswordResetRequest) {
    return this.resets.peek(req);
  }

  @RpcHandler(A.passwordResetsHosted)
  hostedPasswordReset(@Payload() req: C.HostedPasswordResetRequest) {
    return this.resets.hosted(req);
  }

  @RpcHandler(A.applicationsCreate)
  createApplication(@Payload() req: C.CreateApplicationRequest) {
    return this.applications.create(req);
  }

  @RpcHandler(A.applicationsGet)
  getApplication(@Payload() req: C.GetApplicationRequest) {
    return this.applications.get(req);
  }

  @RpcHandler(A.applicationsList)
  listApplications(@Payload() req: C.ListApplicationsRequest) {
    return this.applications.list(req);
  }

  @RpcHandler(A.applicationsUpdate)
  updateApplication(@Payload() req: C.UpdateApplicationRequest) {
    return this.applications.update(req);
  }

  @RpcHandler(A.applicationsDelete)
  async deleteApplication(@Payload() req: C.DeleteApplicationRequest) {
    await this.applications.delete(req);
    return { deleted: true };
  }

  @RpcHandler(A.authFlowsStart)
  startAuthFlow(@Payload() req: C.StartAuthFlowRequest) {
    return this.authFlows.start(req);
  }

  @RpcHandler(A.authFlowsFirstFactor)
  authFlowFirstFactor(@Payload() req: C.FirstFactorRequest) {
    return this.authFlows.firstFactor(req);
  }

  @RpcHandler(A.selfServiceRequest)
  selfServiceRequest(@Payload() req: C.SelfServiceRequest) {
    return this.selfService.request(req);
  }

  @RpcHandler(A.authFlowsGet)
  getAuthFlow(@Payload() req: C.GetAuthFlowRequest) {
    return this.authFlows.get(req);
  }

  @RpcHandler(A.registrationsStart)
  startRegistration(@Payload() req: C.StartRegistrationRequest) {
    return this.registrations.start(req);
  }

  @RpcHandler(A.registrationsValidate)
  validateRegistration(@Payload() req: C.ValidateRegistrationRequest) {
    return this.registrations.validate(req);
  }
}

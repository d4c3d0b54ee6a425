import { Provider } from '@nestjs/common';
import { ApplicationRepository } from './application.repository';
import { ApplicationService } from './application.service';
import { AuthFlowRepository } from './auth-flow.repository';
import { AuthFlowService } from './auth-flow.service';
import { PasswordResetRepository } from './password-reset.repository';
import { PasswordResetService } from './password-reset.service';
import { PasswordRepository } from './password.repository';
import { RegistrationRepository } from './registration.repository';
import { RegistrationService } from './registration.service';
import { PasswordService } from './password.service';
import { SelfServiceRepository } from './self-service.repository';
import { SelfServiceService } from './self-service.service';

/** Providers of the accounts feature (passwords, resets, applications, auth flows, registrations, self-service requests). */
export const ACCOUNT_PROVIDERS: Provider[] = [
  PasswordRepository, PasswordService,
  PasswordResetRepository, PasswordResetService,
  ApplicationRepository, ApplicationService,
  AuthFlowRepository, AuthFlowService,
  RegistrationRepository, RegistrationService,
  SelfServiceRepository, SelfServiceService,
];

import { MigrationInterface, QueryRunner } from 'typeorm';
import { LINK_CONSUMED_FUNCTION_V2 } from './1795000006100-VerifiedPhone';
import { PASSWORD_RESET_BRANCH, REGISTRATION_BRANCH } from './1795000006200-RegistrationLinkCompleted';

/**
 * A registration link's `context_data` rides on its `registration.completed` event (Auth Armor:
 * context "from signup start to completion"), so a hosted sign-up reaches the integrator with it.
 * Using an emailed registration link also confirms the address, as validating an Auth Armor
 * registration does (and as a verify_email link does): the person opened the email.
 */
export class RegistrationContextData1795000018100 implements MigrationInterface {
  name = 'RegistrationContextData1795000018100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (!REGISTRATION_BRANCH.includes(EVENT_DATA_V1) || !REGISTRATION_BRANCH.startsWith(BRANCH_START)) throw new Error('sesame_link_consumed() is not the expected version');
    const branch = REGISTRATION_BRANCH.replace(EVENT_DATA_V1, EVENT_DATA_V2).replace(BRANCH_START, BRANCH_START + CONFIRM_ADDRESS);
    await queryRunner.query(functionWith(branch));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(functionWith(REGISTRATION_BRANCH));
  }
}

const functionWith = (registrationBranch: string) =>
  LINK_CONSUMED_FUNCTION_V2.replace(PASSWORD_RESET_BRANCH, registrationBranch + PASSWORD_RESET_BRANCH);

const BRANCH_START = `  ELSIF NEW.type = 'registration' THEN\n`;
const CONFIRM_ADDRESS = `    UPDATE users SET email_verified_at = COALESCE(email_verified_at, NEW.consumed_at), updated_at = now()
    WHERE tenant_id = NEW.tenant_id AND id = NEW.user_id AND NEW.channel <> 'sms';
`;
const EVENT_DATA_V1 = `'link_id', NEW.id, 'registration_type', 'registration_link')))`;
/** The event's data is EventPayloads['registration.completed'] (docs/events/registration.completed.json). */
const EVENT_DATA_V2 = `'link_id', NEW.id, 'registration_type', 'registration_link', 'context_data', NEW.context_data)))`;

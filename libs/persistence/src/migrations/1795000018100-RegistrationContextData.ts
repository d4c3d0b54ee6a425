import { MigrationInterface, QueryRunner } from 'typeorm';
import { LINK_CONSUMED_FUNCTION_V2 } from './1795000006100-VerifiedPhone';
import { PASSWORD_RESET_BRANCH, REGISTRATION_BRANCH } from './1795000006200-RegistrationLinkCompleted';

/**
 * A registration link's `context_data` rides on its `registration.completed` event (Auth Armor:
 * context "from signup start to completion"), so a hosted sign-up reaches the integrator with it.
 */
export class RegistrationContextData1795000018100 implements MigrationInterface {
  name = 'RegistrationContextData1795000018100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    if (!REGISTRATION_BRANCH.includes(EVENT_DATA_V1)) throw new Error('sesame_link_consumed() is not the expected version');
    await queryRunner.query(functionWith(REGISTRATION_BRANCH.replace(EVENT_DATA_V1, EVENT_DATA_V2)));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(functionWith(REGISTRATION_BRANCH));
  }
}

const functionWith = (registrationBranch: string) =>
  LINK_CONSUMED_FUNCTION_V2.replace(PASSWORD_RESET_BRANCH, registrationBranch + PASSWORD_RESET_BRANCH);

const EVENT_DATA_V1 = `'link_id', NEW.id, 'registration_type', 'registration_link')))`;
/** The event's data is EventPayloads['registration.completed'] (docs/events/registration.completed.json). */
const EVENT_DATA_V2 = `'link_id', NEW.id, 'registration_type', 'registration_link', 'context_data', NEW.context_data)))`;

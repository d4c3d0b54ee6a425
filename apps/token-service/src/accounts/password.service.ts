import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dummyPasswordHash, hashPassword, verifyPassword } from '@sesame/crypto';
import { assertNewPassword, SesameError } from '@sesame/domain';
import type { SetPasswordRequest, SetPasswordResponse } from '@sesame/messaging';
import { audit } from '../shared/audit';
import { PasswordRepository, UserCredentials } from './password.repository';

/** A user's optional password (argon2id): set, remove, check as a first factor. */
@Injectable()
export class PasswordService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(PasswordRepository) private readonly passwords: PasswordRepository,
  ) {}

  async set(req: SetPasswordRequest): Promise<SetPasswordResponse> {
    if (req.password !== null) assertNewPassword(req.password);
    const hash = req.password === null ? null : await hashPassword(req.password);
    return this.db.transaction(async (m) => {
      const row = await this.passwords.setHash(m, req.tenantId, req.userId, hash);
      if (!row) throw new SesameError('not_found', 'User not found');
      await audit(m, {
        tenantId: req.tenantId, action: hash ? 'user.password_set' : 'user.password_removed', subjectType: 'user', subjectId: row.id,
        userId: row.id, actor: req.actor,
      });
      const changed = row.password_changed_at;
      return { user_id: row.id, has_password: hash !== null, password_changed_at: changed ? new Date(changed).toISOString() : null };
    });
  }

  /**
   * The user whose password this is, or null. An unknown user or one without a password costs
   * the same argon2 verification as a wrong password, so timing does not tell them apart.
   */
  async check(tenantId: string, email: string, password: string): Promise<UserCredentials | null> {
    const user = await this.passwords.findByEmail(tenantId, email);
    const ok = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password);
    return ok && user?.password_hash ? user : null;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { GatewayConfig } from '@sesame/config';
import type { ConsoleSignedIn } from '@sesame/messaging';
import { CONFIG } from '@sesame/observability';
import { RATE_LIMIT_REDIS } from '../rate-limits/rate-limit.redis';
import { ConsoleSession, newCsrfToken, newSessionId, sessionExpiry, sessionKeyOf } from './console-session';

/**
 * Console sessions in Redis, so every gateway replica sees a sign-out or a disabled user at once.
 * A session's key expires after CONSOLE_SESSION_IDLE_SECONDS and each use pushes that back; its
 * absolute lifetime is checked on read. Each user's sessions are listed in a set, so disabling a
 * user or changing their role ends them all.
 */
@Injectable()
export class ConsoleSessions {
  private readonly prefix: string;

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(RATE_LIMIT_REDIS) private readonly redis: Redis,
  ) {
    this.prefix = `${config.REDIS_PREFIX}:console`;
  }

  /** A new session for who signed in; the id goes in the cookie and nowhere else. */
  async create(who: ConsoleSignedIn): Promise<{ id: string; session: ConsoleSession }> {
    const id = newSessionId();
    const session: ConsoleSession = { ...who, csrf: newCsrfToken(), createdAt: Date.now() };
    const key = sessionKeyOf(id);
    await this.redis.multi()
      .set(this.sessionKey(key), JSON.stringify(session), 'EX', this.config.CONSOLE_SESSION_IDLE_SECONDS)
      .sadd(this.userKey(who.userId), key)
      .expire(this.userKey(who.userId), this.config.CONSOLE_SESSION_MAX_SECONDS)
      .exec();
    return { id, session };
  }

  /** The live session behind a cookie's id (its idle clock restarted), or null. */
  async touch(id: string): Promise<ConsoleSession | null> {
    const key = this.sessionKey(sessionKeyOf(id));
    const [[, raw]] = (await this.redis.multi().get(key).expire(key, this.config.CONSOLE_SESSION_IDLE_SECONDS).exec()) as [[unknown, string | null]];
    if (!raw) return null;
    const session = JSON.parse(raw) as ConsoleSession;
    if (sessionExpiry(session, Date.now(), this.config.CONSOLE_SESSION_MAX_SECONDS)) {
      await this.redis.del(key);
      return null;
    }
    return session;
  }

  async end(id: string): Promise<void> {
    await this.redis.del(this.sessionKey(sessionKeyOf(id)));
  }

  /** Ends every session of a console user (disabled, or their role changed). */
  async endAllOf(userId: string): Promise<void> {
    const keys = await this.redis.smembers(this.userKey(userId));
    if (keys.length) await this.redis.del(...keys.map((k) => this.sessionKey(k)));
    await this.redis.del(this.userKey(userId));
  }

  private sessionKey(hash: string): string {
    return `${this.prefix}:session:${hash}`;
  }

  private userKey(userId: string): string {
    return `${this.prefix}:user-sessions:${userId}`;
  }
}

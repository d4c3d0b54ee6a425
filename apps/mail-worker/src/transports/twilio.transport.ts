import twilio from 'twilio';
import type { SendResult } from './mail-transport';
import type { SmsMessage, SmsTransport } from './sms-transport';
import { classifyTwilioError } from './twilio-errors';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** E.164 sender, or a messaging service SID (MG…). */
  from: string;
  /** Sends every request to this origin instead of api.twilio.com (a local fake in tests, a proxy). */
  baseUrl?: string;
  timeoutMs: number;
}

/** Rewrites the origin of each Twilio API request, keeping its path and query. */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(private readonly base: URL, opts: ConstructorParameters<typeof twilio.RequestClient>[0]) {
    super(opts);
  }

  override request<T>(opts: Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0]) {
    const uri = new URL(opts.uri);
    uri.protocol = this.base.protocol;
    uri.host = this.base.host;
    return super.request<T>({ ...opts, uri: uri.href } as typeof opts & { data?: T });
  }
}

/** Text messages through Twilio's Messages API, with the official client. */
export class TwilioTransport implements SmsTransport {
  readonly name = 'twilio';

  constructor(
    private readonly client: Pick<twilio.Twilio, 'messages'>,
    private readonly from: string,
  ) {}

  static create(o: TwilioOptions): TwilioTransport {
    const httpClient = o.baseUrl ? new BaseUrlRequestClient(new URL(o.baseUrl), { timeout: o.timeoutMs }) : undefined;
    return new TwilioTransport(twilio(o.accountSid, o.authToken, { httpClient, timeout: o.timeoutMs, autoRetry: false }), o.from);
  }

  async send(msg: SmsMessage): Promise<SendResult> {
    const sender = this.from.startsWith('MG') ? { messagingServiceSid: this.from } : { from: this.from };
    try {
      const sent = await this.client.messages.create({ to: msg.to, body: msg.body, ...sender });
      return { provider: this.name, messageId: sent.sid ?? null };
    } catch (err) {
      throw classifyTwilioError(err);
    }
  }
}

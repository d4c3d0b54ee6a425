import type { SendResult } from './mail-transport';

export interface SmsMessage {
  /** E.164. */
  to: string;
  body: string;
  deliveryId: string;
  tenantId: string;
}

/** One way of sending a text message. Failures throw TransportError. */
export interface SmsTransport {
  readonly name: string;
  send(msg: SmsMessage): Promise<SendResult>;
}

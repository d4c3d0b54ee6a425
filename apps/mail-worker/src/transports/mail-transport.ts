export interface MailMessage {
  to: string;
  from: string;
  subject: string;
  html: string;
  text: string;
  /** Our mail_deliveries id, passed to the provider so its events can be matched back. */
  deliveryId: string;
  tenantId: string;
}

export interface SendResult {
  provider: string;
  messageId: string | null;
}

/** One way of handing an email to the world. Failures throw TransportError. */
export interface MailTransport {
  readonly name: string;
  send(msg: MailMessage): Promise<SendResult>;
}

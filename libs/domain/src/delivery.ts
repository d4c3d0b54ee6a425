/** How a link reaches its user: an email, or a text message to a phone (Passage `channel: phone`). */
export const DELIVERY_CHANNELS = ['email', 'sms'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export function isDeliveryChannel(value: unknown): value is DeliveryChannel {
  return typeof value === 'string' && (DELIVERY_CHANNELS as readonly string[]).includes(value);
}

/** E.164 (ITU-T E.164): `+`, a country code that does not start with 0, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

export function isE164(value: unknown): value is string {
  return typeof value === 'string' && E164.test(value);
}

/** Bounds of the Auth Armor-style texts shown in a message. */
export const MAX_ACTION_NAME_LENGTH = 100;
export const MAX_SHORT_MESSAGE_LENGTH = 500;

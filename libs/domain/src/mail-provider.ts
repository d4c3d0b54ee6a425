import type { DeliveryChannel } from './delivery';
import { SesameError } from './errors';
import { isSendGridEventPublicKey } from './sendgrid-event';

/** Transports a tenant may choose per channel. `outbox` keeps messages in the dev mailbox. */
export const PROVIDER_KINDS: Record<DeliveryChannel, readonly string[]> = {
  email: ['outbox', 'sendgrid', 'smtp'],
  sms: ['outbox', 'twilio'],
};

/** Non-secret settings and the secret credentials each kind takes (credentials are sealed at rest). */
const SHAPES: Record<string, { settings: Record<string, 'string' | 'number' | 'boolean'>; required: string[]; credentials: string[] }> = {
  outbox: { settings: {}, required: [], credentials: [] },
  /** `event_public_key`: the Signed Event Webhook's verification key (POST /v1/providers/sendgrid/events?tenant=). */
  sendgrid: { settings: { event_public_key: 'string' }, required: ['api_key'], credentials: ['api_key'] },
  smtp: { settings: { host: 'string', port: 'number', secure: 'boolean', username: 'string' }, required: ['host', 'port'], credentials: ['password'] },
  twilio: { settings: { account_sid: 'string', from: 'string' }, required: ['account_sid', 'from', 'auth_token'], credentials: ['auth_token'] },
};

export interface ProviderConfig {
  kind: string;
  settings: Record<string, unknown>;
  /** Plain credentials, to be sealed by the caller; null when the kind takes none. */
  credentials: Record<string, string> | null;
}

/** Validates `PUT /v1/providers/{channel}`; throws validation_failed naming every issue. */
export function validateProviderConfig(channel: DeliveryChannel, input: { kind?: unknown; settings?: unknown; credentials?: unknown }): ProviderConfig {
  const kinds = PROVIDER_KINDS[channel];
  const kind = input.kind;
  if (typeof kind !== 'string' || !kinds.includes(kind)) {
    const issue = `kind must be one of ${kinds.join(', ')} for ${channel}`;
    throw new SesameError('validation_failed', issue, { issues: [issue] });
  }
  const shape = SHAPES[kind];
  const issues: string[] = [];
  const settings = objectOf(input.settings, 'settings', issues);
  const credentials = objectOf(input.credentials, 'credentials', issues);
  for (const [k, v] of Object.entries(settings)) {
    if (!(k in shape.settings)) issues.push(`settings.${k} is not a ${kind} setting`);
    else if (typeof v !== shape.settings[k]) issues.push(`settings.${k} must be a ${shape.settings[k]}`);
  }
  for (const [k, v] of Object.entries(credentials)) {
    if (!shape.credentials.includes(k)) issues.push(`credentials.${k} is not a ${kind} credential`);
    else if (typeof v !== 'string' || v === '' || v.length > 1024) issues.push(`credentials.${k} must be a non-empty string`);
  }
  for (const k of shape.required) {
    if (settings[k] === undefined && credentials[k] === undefined) issues.push(`${k in shape.settings ? 'settings' : 'credentials'}.${k} is required`);
  }
  if (kind === 'smtp' && settings.port !== undefined && !(Number.isInteger(settings.port) && (settings.port as number) > 0 && (settings.port as number) < 65536)) {
    issues.push('settings.port must be a port number');
  }
  if (kind === 'twilio' && typeof settings.account_sid === 'string' && !/^AC[0-9a-zA-Z]{10,64}$/.test(settings.account_sid)) {
    issues.push('settings.account_sid must be a Twilio account SID (AC…)');
  }
  if (kind === 'twilio' && typeof settings.from === 'string' && !/^(\+[1-9]\d{6,14}|MG[0-9a-zA-Z]{10,64})$/.test(settings.from)) {
    issues.push('settings.from must be an E.164 number or a messaging service SID (MG…)');
  }
  if (kind === 'sendgrid' && typeof settings.event_public_key === 'string' && !isSendGridEventPublicKey(settings.event_public_key)) {
    issues.push('settings.event_public_key must be the Event Webhook verification key as SendGrid shows it (base64 of a P-256 public key, MFkw…)');
  }
  if (issues.length) throw new SesameError('validation_failed', `Invalid ${kind} provider: ${issues.join('; ')}`, { issues });
  return { kind, settings, credentials: shape.credentials.length ? (credentials as Record<string, string>) : null };
}

function objectOf(value: unknown, name: string, issues: string[]): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    issues.push(`${name} must be an object`);
    return {};
  }
  return value as Record<string, unknown>;
}

import type { DeliveryChannel } from '@sesame/domain';
import type { ProviderView } from '@sesame/messaging';
import type { ProviderRow } from './mail-provider.repository';

/** What a channel without a row of its own uses: the mail-worker's MAIL_TRANSPORT / SMS_TRANSPORT. */
export function deploymentView(channel: DeliveryChannel): ProviderView {
  return { channel, kind: null, settings: {}, credentials_set: [], source: 'deployment', updated_at: null };
}

/** `credentialNames` are the keys of the opened credentials: the view names them and nothing more. */
export function tenantView(row: ProviderRow, credentialNames: string[]): ProviderView {
  return {
    channel: row.channel as DeliveryChannel,
    kind: row.kind,
    settings: row.settings ?? {},
    credentials_set: [...credentialNames].sort(),
    source: 'tenant',
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

/** Names of the settings that differ between two settings objects (added, removed or changed), sorted. */
export function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

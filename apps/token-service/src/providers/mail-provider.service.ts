import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Sealer } from '@sesame/crypto';
import { DELIVERY_CHANNELS, DeliveryChannel, isDeliveryChannel, SesameError, validateProviderConfig } from '@sesame/domain';
import type { DeleteProviderRequest, ListProvidersRequest, ListProvidersResponse, ProviderRef, ProviderView, PutProviderRequest } from '@sesame/messaging';
import { audit } from '../shared/audit';
import { MailProviderRepository, ProviderRow } from './mail-provider.repository';
import { changedKeys, deploymentView, tenantView } from './provider-view';

/**
 * A tenant's transports per channel. Credentials are sealed (JSON of the credentials object, as
 * the mail-worker opens them) and never leave this service: views and audit events carry names only.
 */
@Injectable()
export class MailProviderService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(Sealer) private readonly sealer: Sealer,
    @Inject(MailProviderRepository) private readonly providers: MailProviderRepository,
  ) {}

  async list(req: ListProvidersRequest): Promise<ListProvidersResponse> {
    const rows = await this.providers.list(this.db, req.tenantId);
    return { data: DELIVERY_CHANNELS.map((c) => this.view(c, rows.find((r) => r.channel === c) ?? null)) };
  }

  async get(req: ProviderRef): Promise<ProviderView> {
    const channel = channelOf(req.channel);
    return this.view(channel, await this.providers.find(this.db, req.tenantId, channel));
  }

  /** Replaces the channel's provider; stored credentials are kept when the kind stays and none are sent. */
  async put(req: PutProviderRequest): Promise<ProviderView> {
    const channel = channelOf(req.channel);
    return this.db.transaction(async (m) => {
      const before = await this.providers.find(m, req.tenantId, channel, true);
      const keep = req.credentials === undefined && before !== null && before.kind === req.kind;
      const config = validateProviderConfig(channel, { kind: req.kind, settings: req.settings, credentials: keep ? this.credentialsOf(before) ?? undefined : req.credentials });
      const credentials = config.credentials && Object.keys(config.credentials).length ? config.credentials : null;
      const row = await this.providers.upsert(m, req.tenantId, {
        channel, kind: config.kind, settings: config.settings, sealedCredentials: credentials ? this.sealer.seal(JSON.stringify(credentials)) : null,
      });
      await audit(m, {
        tenantId: req.tenantId, action: 'provider.updated', subjectType: 'mail_provider', subjectId: null, actor: req.actor,
        data: {
          channel, kind: config.kind, previous_kind: before?.kind ?? null,
          changed_settings: changedKeys(before?.settings ?? {}, config.settings),
          credentials_set: Object.keys(credentials ?? {}).sort(), credentials_replaced: !keep && req.credentials !== undefined,
        },
      });
      return tenantView(row, Object.keys(credentials ?? {}));
    });
  }

  /** The channel goes back to the deployment default; idempotent (nothing to remove is no error). */
  async delete(req: DeleteProviderRequest): Promise<void> {
    const channel = channelOf(req.channel);
    await this.db.transaction(async (m) => {
      const removed = await this.providers.delete(m, req.tenantId, channel);
      if (!removed) return;
      await audit(m, {
        tenantId: req.tenantId, action: 'provider.deleted', subjectType: 'mail_provider', subjectId: null, actor: req.actor,
        data: { channel, kind: removed.kind },
      });
    });
  }

  private view(channel: DeliveryChannel, row: ProviderRow | null): ProviderView {
    return row ? tenantView(row, Object.keys(this.credentialsOf(row) ?? {})) : deploymentView(channel);
  }

  /** null when none are stored, or when they were sealed with a pepper no longer configured (PUT them again). */
  private credentialsOf(row: ProviderRow): Record<string, string> | null {
    if (!row.sealed_credentials) return null;
    try {
      return JSON.parse(this.sealer.open(row.sealed_credentials));
    } catch {
      return null;
    }
  }
}

function channelOf(channel: string): DeliveryChannel {
  if (!isDeliveryChannel(channel)) throw new SesameError('not_found', `Unknown channel; providers exist for ${DELIVERY_CHANNELS.join(' and ')}`);
  return channel;
}

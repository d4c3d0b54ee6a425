import { randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  Actor, CreateWebhookEndpointResponse, ListWebhookDeliveriesResponse, ListWebhookEndpointsResponse, RotateWebhookSecretResponse, RPC,
  WebhookDeliveryView, WebhookEndpointView,
} from '@sesame/messaging';
import { Auth, AuthContext, CurrentActor, RequireScope } from '../auth/auth.decorators';
import { RpcClient } from '../http/rpc.client';
import {
  CreateWebhookEndpointDto, DeliveryIdParams, EndpointIdParam, ListDeliveriesQuery, PageQuery, UpdateWebhookEndpointDto,
} from './webhook-endpoints.dto';
import { WebhookDelivery, WebhookDeliveryPage, WebhookEndpoint, WebhookEndpointPage, WebhookEndpointWithSecret } from './webhook-endpoints.response';
import { ApiErrors } from '../openapi/api-errors.decorator';

/** Webhook endpoints, their signing secret, their delivery log (docs/webhooks.md). */
@ApiTags('webhooks')
@Controller('v1/webhook-endpoints')
export class WebhookEndpointsController {
  constructor(@Inject(RpcClient) private readonly rpc: RpcClient) {}

  /** The response's `secret` is shown once. */
  @Post()
  @RequireScope('webhooks:manage')
  @ApiResponse({ status: 201, type: WebhookEndpointWithSecret, description: 'Created' })
  @ApiErrors('webhook_target_refused')
  @ApiOperation({ summary: 'Create a webhook endpoint (its secret is shown once)' })
  @ApiBody({ type: CreateWebhookEndpointDto, examples: { endpoint: { summary: 'Link events to your server', value: { url: 'https://app.example.com/webhooks/sesame', events: ['magiclink.created', 'magiclink.consumed'], description: 'production' } } } })
  create(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Body() dto: CreateWebhookEndpointDto): Promise<CreateWebhookEndpointResponse> {
    return this.rpc.call(RPC.webhookEndpointsCreate, {
      requestId: randomUUID(), tenantId: auth.tenantId, url: dto.url, events: dto.events, description: dto.description, enabled: dto.enabled, actor,
    });
  }

  @Get()
  @RequireScope('webhooks:manage')
  @ApiResponse({ status: 200, type: WebhookEndpointPage, description: 'OK' })
  @ApiOperation({ summary: 'Webhook endpoints' })
  list(@Auth() auth: AuthContext, @Query() q: PageQuery): Promise<ListWebhookEndpointsResponse> {
    return this.rpc.call(RPC.webhookEndpointsList, { tenantId: auth.tenantId, cursor: q.cursor, limit: q.limit ?? 20 });
  }

  @Get(':id')
  @RequireScope('webhooks:manage')
  @ApiResponse({ status: 200, type: WebhookEndpoint, description: 'OK' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'A webhook endpoint' })
  get(@Auth() auth: AuthContext, @Param() p: EndpointIdParam): Promise<WebhookEndpointView> {
    return this.rpc.call(RPC.webhookEndpointsGet, { tenantId: auth.tenantId, id: p.id });
  }

  @Patch(':id')
  @RequireScope('webhooks:manage')
  @ApiResponse({ status: 200, type: WebhookEndpoint, description: 'OK' })
  @ApiErrors('not_found', 'webhook_target_refused')
  @ApiOperation({ summary: 'Change a webhook endpoint' })
  update(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: EndpointIdParam, @Body() dto: UpdateWebhookEndpointDto): Promise<WebhookEndpointView> {
    return this.rpc.call(RPC.webhookEndpointsUpdate, {
      tenantId: auth.tenantId, id: p.id, actor, url: dto.url, events: dto.events, description: dto.description, enabled: dto.enabled,
    });
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('webhooks:manage')
  @ApiResponse({ status: 204, description: 'No content' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'Delete a webhook endpoint' })
  async remove(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: EndpointIdParam): Promise<void> {
    await this.rpc.call(RPC.webhookEndpointsDelete, { tenantId: auth.tenantId, id: p.id, actor });
  }

  /** A new secret (shown once); the old one keeps signing beside it for 24 h. */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @RequireScope('webhooks:manage')
  @ApiResponse({ status: 200, type: WebhookEndpointWithSecret, description: 'OK' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'Rotate the signing secret (the old one signs for 24 h)' })
  rotateSecret(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: EndpointIdParam): Promise<RotateWebhookSecretResponse> {
    return this.rpc.call(RPC.webhookEndpointsRotateSecret, { tenantId: auth.tenantId, id: p.id, actor });
  }

  /** Sends a `webhook.ping` now; answers 202 with its delivery (watch it in the delivery log). */
  @Post(':id/test')
  @HttpCode(202)
  @RequireScope('webhooks:manage')
  @ApiResponse({ status: 202, type: WebhookDelivery, description: 'Accepted' })
  @ApiErrors('not_found', 'conflict')
  @ApiOperation({ summary: 'Send a webhook.ping to the endpoint' })
  test(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: EndpointIdParam): Promise<WebhookDeliveryView> {
    return this.rpc.call(RPC.webhookEndpointsTest, { tenantId: auth.tenantId, id: p.id, actor });
  }

  /** Newest first: status, attempts, last response code, latency and the first 1 KB of its body. */
  @Get(':id/deliveries')
  @RequireScope('webhooks:manage')
  @ApiResponse({ status: 200, type: WebhookDeliveryPage, description: 'OK' })
  @ApiErrors('not_found')
  @ApiOperation({ summary: 'The endpoint\'s deliveries, newest first' })
  deliveries(@Auth() auth: AuthContext, @Param() p: EndpointIdParam, @Query() q: ListDeliveriesQuery): Promise<ListWebhookDeliveriesResponse> {
    return this.rpc.call(RPC.webhookDeliveriesList, { tenantId: auth.tenantId, endpointId: p.id, status: q.status, cursor: q.cursor, limit: q.limit ?? 20 });
  }

  /** Sends a finished delivery again, same webhook-id and body. */
  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @RequireScope('webhooks:manage')
  @ApiResponse({ status: 202, type: WebhookDelivery, description: 'Accepted' })
  @ApiErrors('not_found', 'conflict')
  @ApiOperation({ summary: 'Send a delivery again' })
  replay(@Auth() auth: AuthContext, @CurrentActor() actor: Actor, @Param() p: DeliveryIdParams): Promise<WebhookDeliveryView> {
    return this.rpc.call(RPC.webhookDeliveriesReplay, { tenantId: auth.tenantId, endpointId: p.id, id: p.deliveryId, actor });
  }
}

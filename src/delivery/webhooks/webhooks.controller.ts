import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators.js';
import { setLocation, UuidParam } from '../../common/http.js';
import { ApiProblems, pageSchema } from '../../common/openapi.js';
import { PageQueryDto } from '../../common/pagination.js';
import { CreatedWebhookDto, CreateWebhookDto, RotatedWebhookSecretDto, UpdateWebhookDto, WebhookDeliveryDto, WebhookDto } from './dto/webhook.dto.js';
import { WebhooksService } from './webhooks.service.js';
import { NoPersonalData } from '../../audit/audit.decorators.js';
import { ResponseCarriesSecret } from '../../idempotency/idempotency.decorators.js';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiExtraModels(WebhookDeliveryDto)
@Roles('admin')
@Controller('organisations/:organisationId/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @NoPersonalData()
  @HttpCode(201)
  @ResponseCarriesSecret()
  @ApiOperation({ operationId: 'createWebhook', summary: "Subscribe a partner organisation's endpoint to events (admin). The secret is shown once." })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @ApiProblems(400, 403, 404, 422)
  async create(@UuidParam('organisationId') organisationId: string, @Body() body: CreateWebhookDto, @Res({ passthrough: true }) res: Response): Promise<CreatedWebhookDto> {
    const created = await this.webhooks.create(organisationId, body);
    setLocation(res, `/organisations/${organisationId}/webhooks/${created.id}`);
    return created;
  }

  @Get()
  @NoPersonalData()
  @ApiOperation({ operationId: 'listWebhooks', summary: "The organisation's webhook subscriptions (admin)." })
  @ApiOkResponse({ type: WebhookDto, isArray: true })
  @ApiProblems(400, 403, 404)
  list(@UuidParam('organisationId') organisationId: string): Promise<WebhookDto[]> {
    return this.webhooks.list(organisationId);
  }

  @Patch(':hookId')
  @NoPersonalData()
  @ApiOperation({ operationId: 'updateWebhook', summary: 'Change URL or event types, or re-enable after failures (admin). At least one field; an empty body is a 400.' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiProblems(400, 403, 404, 422)
  update(@UuidParam('organisationId') organisationId: string, @UuidParam('hookId') hookId: string, @Body() body: UpdateWebhookDto): Promise<WebhookDto> {
    return this.webhooks.update(organisationId, hookId, body);
  }

  @Post(':hookId/rotate-secret')
  @NoPersonalData()
  @HttpCode(200)
  // the answer shows the new secret: it must never be stored for an Idempotency-Key replay
  @ResponseCarriesSecret()
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary:
      'A new signing secret, shown once (admin). The previous secret keeps signing next to it until previousSecretExpiresAt ' +
      '(WEBHOOK_SECRET_OVERLAP_HOURS, default 24): each delivery then carries two signatures, "v1,<new> v1,<old>".',
  })
  @ApiOkResponse({ type: RotatedWebhookSecretDto })
  @ApiProblems(400, 403, 404)
  rotateSecret(@UuidParam('organisationId') organisationId: string, @UuidParam('hookId') hookId: string): Promise<RotatedWebhookSecretDto> {
    return this.webhooks.rotateSecret(organisationId, hookId);
  }

  @Delete(':hookId')
  @NoPersonalData()
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteWebhook', summary: 'Remove a subscription and its delivery log (admin).' })
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404)
  remove(@UuidParam('organisationId') organisationId: string, @UuidParam('hookId') hookId: string): Promise<void> {
    return this.webhooks.remove(organisationId, hookId);
  }

  @Get(':hookId/deliveries')
  @NoPersonalData()
  @ApiOperation({ operationId: 'listWebhookDeliveries', summary: 'Delivery log: each delivery with its attempts, status codes and durations (admin).' })
  @ApiOkResponse({ schema: pageSchema('WebhookDeliveryDto') })
  @ApiProblems(400, 403, 404)
  deliveries(@UuidParam('organisationId') organisationId: string, @UuidParam('hookId') hookId: string, @Query() query: PageQueryDto) {
    return this.webhooks.deliveries(organisationId, hookId, query);
  }

  @Post(':hookId/deliveries/:deliveryId/redeliver')
  @NoPersonalData()
  @HttpCode(202)
  @ApiOperation({ operationId: 'redeliverWebhook', summary: 'Send a delivery again (admin).' })
  @ApiAcceptedResponse()
  @ApiProblems(400, 403, 404, 409)
  redeliver(@UuidParam('organisationId') organisationId: string, @UuidParam('hookId') hookId: string, @UuidParam('deliveryId') deliveryId: string): Promise<void> {
    return this.webhooks.redeliver(organisationId, hookId, deliveryId);
  }
}

import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import { setLocation, UuidParam } from '../common/http.js';
import { ApiProblems } from '../common/openapi.js';
import { ResponseCarriesSecret } from '../idempotency/idempotency.decorators.js';
import { ApiClientsService } from './api-clients.service.js';
import { ApiClientDto, ApiClientWithSecretDto, CreateApiClientDto } from './dto/api-client.dto.js';
import { NoPersonalData } from '../audit/audit.decorators.js';

@ApiTags('api-clients')
@ApiBearerAuth()
@Roles('admin')
@Controller('organisations/:organisationId/api-clients')
export class ApiClientsController {
  constructor(private readonly clients: ApiClientsService) {}

  @Post()
  @NoPersonalData()
  @HttpCode(201)
  @ResponseCarriesSecret()
  @ApiOperation({ operationId: 'createApiClient', summary: 'Credentials for a partner system of this organisation, with scopes (admin). The secret is shown once.' })
  @ApiCreatedResponse({ type: ApiClientWithSecretDto })
  @ApiProblems(400, 403, 404)
  async create(@UuidParam('organisationId') organisationId: string, @Body() body: CreateApiClientDto, @Res({ passthrough: true }) res: Response): Promise<ApiClientWithSecretDto> {
    const created = await this.clients.create(organisationId, body);
    setLocation(res, `/organisations/${organisationId}/api-clients/${created.clientId}`);
    return created;
  }

  @Get()
  @NoPersonalData()
  @ApiOperation({ operationId: 'listApiClients', summary: "The organisation's API clients, revoked ones included (admin). Never a secret." })
  @ApiOkResponse({ type: ApiClientDto, isArray: true })
  @ApiProblems(400, 403, 404)
  list(@UuidParam('organisationId') organisationId: string): Promise<ApiClientDto[]> {
    return this.clients.list(organisationId);
  }

  @Get(':clientId')
  @NoPersonalData()
  @ApiOperation({ operationId: 'getApiClient', summary: 'One API client (admin). Never its secret.' })
  @ApiOkResponse({ type: ApiClientDto })
  @ApiProblems(400, 403, 404)
  get(@UuidParam('organisationId') organisationId: string, @UuidParam('clientId') clientId: string): Promise<ApiClientDto> {
    return this.clients.get(organisationId, clientId);
  }

  @Post(':clientId/rotate-secret')
  @NoPersonalData()
  @HttpCode(200)
  @ResponseCarriesSecret()
  @ApiOperation({ operationId: 'rotateApiClientSecret', summary: 'A new secret, shown once; the old secret and its tokens stop working at once (admin).' })
  @ApiOkResponse({ type: ApiClientWithSecretDto })
  @ApiProblems(400, 403, 404, 409)
  rotate(@UuidParam('organisationId') organisationId: string, @UuidParam('clientId') clientId: string): Promise<ApiClientWithSecretDto> {
    return this.clients.rotateSecret(organisationId, clientId);
  }

  @Post(':clientId/revoke')
  @NoPersonalData()
  @HttpCode(204)
  @ApiOperation({ operationId: 'revokeApiClient', summary: 'Revoke for good: its tokens stop working at once (admin).' })
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404, 409)
  revoke(@UuidParam('organisationId') organisationId: string, @UuidParam('clientId') clientId: string): Promise<void> {
    return this.clients.revoke(organisationId, clientId);
  }
}

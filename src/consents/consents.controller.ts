import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { setLocation, UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import { PageQueryDto } from '../common/pagination.js';
import { ConsentsService } from './consents.service.js';
import { ConsentDto, CreateConsentDto, WithdrawConsentDto } from './dto/consent.dto.js';
import { Audit } from '../audit/audit.decorators.js';

@ApiTags('consents')
@ApiBearerAuth()
@ApiExtraModels(ConsentDto)
@Controller('households/:householdId/consents')
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Post()
  @Audit({ resource: 'consent', action: 'create' })
  @HttpCode(201)
  @ApiOperation({ operationId: 'recordConsent', summary: 'Record consent (toestemming) or another legal basis for an organisation, for a purpose and period.' })
  @ApiCreatedResponse({ type: ConsentDto })
  @ApiProblems(400, 403, 404, 422)
  async record(@UuidParam('householdId') householdId: string, @Body() body: CreateConsentDto, @Res({ passthrough: true }) res: Response): Promise<ConsentDto> {
    const consent = await this.consents.record(householdId, body);
    setLocation(res, `/households/${householdId}/consents/${consent.id}`);
    return consent;
  }

  @Get()
  @Audit({ resource: 'consent', action: 'search' })
  @ApiOperation({ operationId: 'listConsents', summary: 'Consents and other bases recorded for the household.' })
  @ApiOkResponse({ schema: pageSchema('ConsentDto') })
  @ApiProblems(400, 404)
  list(@UuidParam('householdId') householdId: string, @Query() query: PageQueryDto) {
    return this.consents.list(householdId, query);
  }

  @Post(':consentId/withdraw')
  @Audit({ resource: 'consent', action: 'update' })
  @HttpCode(200)
  @ApiOperation({ operationId: 'withdrawConsent', summary: 'Withdraw a consent: the care-team links resting on it end at once.' })
  @ApiOkResponse({ type: ConsentDto })
  @ApiProblems(400, 403, 404, 409)
  withdraw(@UuidParam('householdId') householdId: string, @UuidParam('consentId') consentId: string, @Body() body: WithdrawConsentDto): Promise<ConsentDto> {
    return this.consents.withdraw(householdId, consentId, body.reason);
  }
}

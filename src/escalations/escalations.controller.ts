import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { setLocation, UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import { EscalationDto, ListEscalationsQueryDto, OpenEscalationDto, ResolveEscalationDto } from './dto/escalation.dto.js';
import { EscalationsService } from './escalations.service.js';
import { Audit } from '../audit/audit.decorators.js';

@ApiTags('escalations')
@ApiBearerAuth()
@ApiExtraModels(EscalationDto)
@Controller()
export class EscalationsController {
  constructor(private readonly escalations: EscalationsService) {}

  @Post('households/:householdId/escalations')
  @Audit({ resource: 'escalation', action: 'create' })
  @HttpCode(201)
  @ApiOperation({ operationId: 'openEscalation', summary: 'Escalate the case (opschalen) with a reason; the coordinator or a supervisor; one open escalation per household.' })
  @ApiCreatedResponse({ type: EscalationDto })
  @ApiProblems(400, 403, 404, 409)
  async open(@UuidParam('householdId') householdId: string, @Body() body: OpenEscalationDto, @Res({ passthrough: true }) res: Response): Promise<EscalationDto> {
    const escalation = await this.escalations.open(householdId, body);
    setLocation(res, `/escalations/${escalation.id}`);
    return escalation;
  }

  @Get('households/:householdId/escalations')
  @Audit({ resource: 'escalation', action: 'search' })
  @ApiOperation({ operationId: 'listEscalations', summary: 'Escalations of the household, newest first.' })
  @ApiOkResponse({ schema: pageSchema('EscalationDto') })
  @ApiProblems(400, 404)
  list(@UuidParam('householdId') householdId: string, @Query() query: ListEscalationsQueryDto) {
    return this.escalations.list(householdId, query);
  }

  @Get('escalations/:escalationId')
  @Audit({ resource: 'escalation', action: 'read' })
  @ApiOperation({ operationId: 'getEscalation', summary: 'One escalation.' })
  @ApiOkResponse({ type: EscalationDto })
  @ApiProblems(400, 404)
  get(@UuidParam('escalationId') escalationId: string): Promise<EscalationDto> {
    return this.escalations.get(escalationId);
  }

  @Post('escalations/:escalationId/resolve')
  @Audit({ resource: 'escalation', action: 'update' })
  @HttpCode(200)
  @ApiOperation({ operationId: 'resolveEscalation', summary: 'Resolve an open escalation with its outcome; the coordinator or a supervisor.' })
  @ApiOkResponse({ type: EscalationDto })
  @ApiProblems(400, 403, 404, 409)
  resolve(@UuidParam('escalationId') escalationId: string, @Body() body: ResolveEscalationDto): Promise<EscalationDto> {
    return this.escalations.resolve(escalationId, body);
  }
}

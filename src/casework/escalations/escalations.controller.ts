import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { setLocation, UuidParam } from '../../common/http.js';
import { ApiProblems, pageSchema } from '../../common/openapi.js';
import { EscalationDto, ListEscalationsQueryDto, OpenEscalationDto, ResolveEscalationDto } from './dto/escalation.dto.js';
import { EscalationsService } from './escalations.service.js';
import { Audit } from '../../audit/audit.decorators.js';

@ApiTags('escalations')
@ApiBearerAuth()
@ApiExtraModels(EscalationDto)
@Controller()
export class EscalationsController {
  constructor(private readonly escalations: EscalationsService) {}

  @Post('households/:householdId/escalations')
  @Audit({ resource: 'escalation', action: 'create' })
  @HttpCode(201)
  @ApiOperation({
    operationId: 'openEscalation',
    summary: 'Escalate the case (opschalen) with a reason; the coordinator or a supervisor; one open escalation per household.',
    description:
      'It may name the life domains (`domains`, 422 UNKNOWN_LIFE_DOMAIN for a code not active in the municipality) and the members (`memberIds`, 422 MEMBER_NOT_IN_HOUSEHOLD for one not an active member) ' +
      'it concerns. Purpose limitation: a partner on the care team reads it — here, in lists, on the timeline, in notifications and webhooks — only when one of its links (and the consent it rests on) ' +
      'covers one of its domains (or it names none), every member it names (naming none: the whole household), and contact notes (its reason and outcome are free-text case notes).',
  })
  @ApiCreatedResponse({ type: EscalationDto })
  @ApiProblems(400, 403, 404, 409, 422)
  async open(@UuidParam('householdId') householdId: string, @Body() body: OpenEscalationDto, @Res({ passthrough: true }) res: Response): Promise<EscalationDto> {
    const escalation = await this.escalations.open(householdId, body);
    setLocation(res, `/escalations/${escalation.id}`);
    return escalation;
  }

  @Get('households/:householdId/escalations')
  @Audit({ resource: 'escalation', action: 'search' })
  @ApiOperation({ operationId: 'listEscalations', summary: 'Escalations of the household, newest first.', description: 'A partner on the care team gets only the escalations its scope covers (see openEscalation); pages are filled all the same.' })
  @ApiOkResponse({ schema: pageSchema('EscalationDto') })
  @ApiProblems(400, 404)
  list(@UuidParam('householdId') householdId: string, @Query() query: ListEscalationsQueryDto) {
    return this.escalations.list(householdId, query);
  }

  @Get('escalations/:escalationId')
  @Audit({ resource: 'escalation', action: 'read' })
  @ApiOperation({ operationId: 'getEscalation', summary: 'One escalation.', description: 'An escalation outside the caller\'s scope (purpose limitation, see openEscalation) answers 404 ESCALATION_NOT_FOUND, as one that does not exist.' })
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

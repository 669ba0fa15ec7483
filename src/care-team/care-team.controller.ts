import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { setLocation, UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import { CareTeamService } from './care-team.service.js';
import { CareTeamLinkDto, CreateCareTeamLinkDto, EndCareTeamLinkQueryDto, ListCareTeamQueryDto } from './dto/care-team.dto.js';
import { Audit } from '../audit/audit.decorators.js';
import { CareTeamScopeDto } from '../consents/dto/scope.dto.js';

@ApiTags('care team')
@ApiBearerAuth()
@ApiExtraModels(CareTeamLinkDto)
@Controller('households/:householdId/care-team')
export class CareTeamController {
  constructor(private readonly careTeam: CareTeamService) {}

  @Post()
  @Audit({ resource: 'care_team_link', action: 'create' })
  @HttpCode(201)
  @ApiOperation({ operationId: 'addCareTeamLink', summary: 'Link an organisation or professional to the household, with role, period and legal basis.' })
  @ApiCreatedResponse({ type: CareTeamLinkDto })
  @ApiProblems(400, 403, 404, 409, 422)
  async add(@UuidParam('householdId') householdId: string, @Body() body: CreateCareTeamLinkDto, @Res({ passthrough: true }) res: Response): Promise<CareTeamLinkDto> {
    const link = await this.careTeam.add(householdId, body);
    setLocation(res, `/households/${householdId}/care-team/${link.id}`);
    return link;
  }

  @Get()
  @Audit({ resource: 'care_team_link', action: 'search' })
  @ApiOperation({ operationId: 'listCareTeam', summary: 'Who is involved (betrokken hulpverleners); ended links with includeEnded=true.' })
  @ApiOkResponse({ schema: pageSchema('CareTeamLinkDto') })
  @ApiProblems(400, 404)
  list(@UuidParam('householdId') householdId: string, @Query() query: ListCareTeamQueryDto) {
    return this.careTeam.list(householdId, query);
  }

  @Put(':linkId/scope')
  @Audit({ resource: 'care_team_link', action: 'update', resourceId: ({ params }) => params.linkId })
  @ApiOperation({ operationId: 'rescopeCareTeamLink', summary: 'Replace what a link covers: life domains, members, BSN, contact notes (purpose limitation).' })
  @ApiOkResponse({ type: CareTeamLinkDto })
  @ApiProblems(400, 403, 404, 409, 422)
  rescope(@UuidParam('householdId') householdId: string, @UuidParam('linkId') linkId: string, @Body() body: CareTeamScopeDto): Promise<CareTeamLinkDto> {
    return this.careTeam.rescope(householdId, linkId, body);
  }

  @Delete(':linkId')
  @Audit({ resource: 'care_team_link', action: 'delete', resourceId: ({ params }) => params.linkId })
  @HttpCode(204)
  @ApiOperation({ operationId: 'endCareTeamLink', summary: 'End an involvement; kept as history.' })
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404, 409)
  end(@UuidParam('householdId') householdId: string, @UuidParam('linkId') linkId: string, @Query() query: EndCareTeamLinkQueryDto): Promise<void> {
    return this.careTeam.end(householdId, linkId, query.reason);
  }
}

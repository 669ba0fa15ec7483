import { Body, Controller, Delete, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import { ifMatchHeader, optionalIfMatch, requireIfMatch } from '../common/etag.js';
import { setEtag, setLocation, UuidParam, withEtag } from '../common/http.js';
import { ApiProblems, ETAG_HEADER as ETAG, pageSchema } from '../common/openapi.js';
import { ChangeStatusDto, CloseHouseholdDto, CreateHouseholdDto, HouseholdDto, ListHouseholdsQueryDto, ReopenHouseholdDto, UpdateHouseholdDto } from './dto/household.dto.js';
import { CreateMemberDto, MemberDto, UpdateMemberDto } from './dto/member.dto.js';
import { HouseholdsService } from './households.service.js';
import { Audit } from '../audit/audit.decorators.js';

/** Members are part of the household: changing one changes its version, so a client may make the change conditional. */
/** Optional on changes of a household's members and of its case's lifecycle: evaluated whenever it is sent (RFC 9110 §13.1.1). */
const MEMBER_IF_MATCH = ifMatchHeader(
  "The household's ETag you last read: with it, the change is refused with 412 when someone changed the household since (recommended). Without it, the change is made whatever the household's version.",
  false,
);

@ApiTags('households')
@ApiBearerAuth()
@ApiExtraModels(HouseholdDto)
@Controller('households')
export class HouseholdsController {
  constructor(private readonly households: HouseholdsService) {}

  @Post()
  @Audit({ resource: 'household', action: 'create' })
  @HttpCode(201)
  @Roles('coordinator', 'supervisor')
  @ApiOperation({ operationId: 'createHousehold', summary: 'Register a household (gezin) with its members.' })
  @ApiCreatedResponse({ type: HouseholdDto, headers: { ETag: { schema: { type: 'string' } }, Location: { schema: { type: 'string' } } } })
  @ApiProblems(400, 403)
  async create(@Body() body: CreateHouseholdDto, @Res({ passthrough: true }) res: Response): Promise<HouseholdDto> {
    const household = await this.households.create(body);
    setLocation(res, `/households/${household.id}`);
    setEtag(res, household.version);
    return household;
  }

  @Get()
  @Audit({ resource: 'household', action: 'search' })
  @ApiOperation({ operationId: 'listHouseholds', summary: 'Households you may see, newest first; filter by status, district, coordinator or text.' })
  @ApiOkResponse({ schema: pageSchema('HouseholdDto') })
  @ApiProblems(400)
  list(@Query() query: ListHouseholdsQueryDto) {
    return this.households.list(query);
  }

  @Get(':householdId')
  @Audit({ resource: 'household', action: 'read' })
  @ApiOperation({ operationId: 'getHousehold', summary: 'One household with members and coordinator.' })
  @ApiOkResponse({ type: HouseholdDto, headers: ETAG })
  @ApiProblems(400, 404)
  async get(@UuidParam('householdId') id: string, @Res({ passthrough: true }) res: Response): Promise<HouseholdDto> {
    const household = await this.households.get(id);
    setEtag(res, household.version);
    return household;
  }

  @Patch(':householdId')
  @Audit({ resource: 'household', action: 'update' })
  @ApiOperation({ operationId: 'updateHousehold', summary: 'Change address, district, reason or risk level (coordinator of the household or supervisor).' })
  @ApiHeader(ifMatchHeader("The household's ETag you last read."))
  @ApiOkResponse({ type: HouseholdDto, headers: ETAG })
  @ApiProblems(400, 403, 404, 412, 428)
  async update(
    @UuidParam('householdId') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateHouseholdDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HouseholdDto> {
    const household = await this.households.update(id, requireIfMatch(ifMatch, 'household'), body);
    setEtag(res, household.version);
    return household;
  }

  @Post(':householdId/status')
  @Audit({ resource: 'household', action: 'update' })
  @HttpCode(200)
  @ApiOperation({ operationId: 'changeHouseholdStatus', summary: 'Move the case forward: registered→intake→active→aftercare (and aftercare→active).' })
  @ApiOkResponse({ type: HouseholdDto, headers: ETAG })
  @ApiHeader(MEMBER_IF_MATCH)
  @ApiProblems(400, 403, 404, 409, 412)
  async changeStatus(
    @UuidParam('householdId') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: ChangeStatusDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HouseholdDto> {
    return withEtag(res, await this.households.changeStatus(id, body, optionalIfMatch(ifMatch, 'household')));
  }

  @Post(':householdId/close')
  @Audit({ resource: 'household', action: 'update' })
  @HttpCode(200)
  @ApiOperation({ operationId: 'closeHousehold', summary: 'Close the case: ends the episode, the coordinator assignment and the care team.' })
  @ApiOkResponse({ type: HouseholdDto, headers: ETAG })
  @ApiHeader(MEMBER_IF_MATCH)
  @ApiProblems(400, 403, 404, 409, 412)
  async close(
    @UuidParam('householdId') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: CloseHouseholdDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HouseholdDto> {
    return withEtag(res, await this.households.close(id, body.reason, optionalIfMatch(ifMatch, 'household')));
  }

  @Post(':householdId/reopen')
  @Audit({ resource: 'household', action: 'update' })
  @HttpCode(200)
  @Roles('supervisor', 'coordinator')
  @ApiOperation({ operationId: 'reopenHousehold', summary: 'Reopen a closed case: a new episode, counted as recurrence.' })
  @ApiOkResponse({ type: HouseholdDto, headers: ETAG })
  @ApiHeader(MEMBER_IF_MATCH)
  @ApiProblems(400, 403, 404, 409, 412)
  async reopen(
    @UuidParam('householdId') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: ReopenHouseholdDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HouseholdDto> {
    return withEtag(res, await this.households.reopen(id, body.reason, optionalIfMatch(ifMatch, 'household')));
  }

  @Post(':householdId/members')
  @Audit({ resource: 'member', action: 'create', members: ({ result }) => [(result as MemberDto).id] })
  @HttpCode(201)
  @ApiOperation({ operationId: 'addMember', summary: 'Add a member (gezinslid).' })
  @ApiHeader(MEMBER_IF_MATCH)
  @ApiCreatedResponse({ type: MemberDto })
  @ApiProblems(400, 403, 404, 412)
  async addMember(
    @UuidParam('householdId') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: CreateMemberDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MemberDto> {
    const member = await this.households.addMember(id, body, optionalIfMatch(ifMatch, 'household'));
    setLocation(res, `/households/${id}/members/${member.id}`);
    return member;
  }

  @Patch(':householdId/members/:memberId')
  @Audit({ resource: 'member', action: 'update' })
  @ApiOperation({ operationId: 'updateMember', summary: 'Change a member.' })
  @ApiHeader(MEMBER_IF_MATCH)
  @ApiOkResponse({ type: MemberDto })
  @ApiProblems(400, 403, 404, 412)
  updateMember(
    @UuidParam('householdId') id: string,
    @UuidParam('memberId') memberId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateMemberDto,
  ): Promise<MemberDto> {
    return this.households.updateMember(id, memberId, body, optionalIfMatch(ifMatch, 'household'));
  }

  @Delete(':householdId/members/:memberId')
  @Audit({ resource: 'member', action: 'delete' })
  @HttpCode(204)
  @ApiOperation({ operationId: 'removeMember', summary: 'Remove a member from the household (kept in history).' })
  @ApiHeader(MEMBER_IF_MATCH)
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404, 412)
  removeMember(@UuidParam('householdId') id: string, @UuidParam('memberId') memberId: string, @Headers('if-match') ifMatch: string | undefined): Promise<void> {
    return this.households.removeMember(id, memberId, optionalIfMatch(ifMatch, 'household'));
  }
}

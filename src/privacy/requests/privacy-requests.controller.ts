import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Audit } from '../../audit/audit.decorators.js';
import { Roles } from '../../auth/auth.decorators.js';
import { setLocation, UuidParam } from '../../common/http.js';
import { ApiProblems, pageSchema } from '../../common/openapi.js';
import {
  ApprovePrivacyRequestDto,
  ErasurePreviewDto,
  ErasureReportDto,
  LiftRestrictionDto,
  ListPrivacyRequestsQueryDto,
  PrivacyRequestDto,
  RecordPrivacyRequestDto,
  RejectPrivacyRequestDto,
} from './dto/privacy-request.dto.js';
import { PrivacyRequestsService } from './privacy-requests.service.js';

const ACCOUNTABILITY = { purpose: 'data_subject_rights', members: ({ result }: { result: unknown }) => [(result as { memberId?: string | null } | null)?.memberId] };

@ApiTags('privacy requests')
@ApiBearerAuth()
@ApiExtraModels(PrivacyRequestDto)
@Controller('privacy/requests')
export class PrivacyRequestsController {
  constructor(private readonly requests: PrivacyRequestsService) {}

  @Post()
  @HttpCode(201)
  @Roles('privacy_officer')
  @Audit({ resource: 'privacy_request', action: 'create', ...ACCOUNTABILITY })
  @ApiOperation({ operationId: 'recordPrivacyRequest', summary: "Record a citizen's erasure (AVG art. 17) or restriction (art. 18) request for a member or a whole household." })
  @ApiCreatedResponse({ type: PrivacyRequestDto, headers: { Location: { schema: { type: 'string' } } } })
  @ApiProblems(400, 403, 409, 422)
  async record(@Body() body: RecordPrivacyRequestDto, @Res({ passthrough: true }) res: Response): Promise<PrivacyRequestDto> {
    const request = await this.requests.record(body);
    setLocation(res, `/privacy/requests/${request.id}`);
    return request;
  }

  @Get()
  @Roles('privacy_officer', 'supervisor')
  @Audit({ resource: 'privacy_request', action: 'search', purpose: 'data_subject_rights' })
  @ApiOperation({ operationId: 'listPrivacyRequests', summary: 'Privacy requests of your municipality, newest first; filter by status.' })
  @ApiOkResponse({ schema: pageSchema('PrivacyRequestDto') })
  @ApiProblems(400, 403)
  list(@Query() query: ListPrivacyRequestsQueryDto) {
    return this.requests.list(query);
  }

  @Get(':requestId')
  @Roles('privacy_officer', 'supervisor')
  @Audit({ resource: 'privacy_request', action: 'read', ...ACCOUNTABILITY })
  @ApiOperation({ operationId: 'getPrivacyRequest', summary: 'One privacy request and where it stands.' })
  @ApiOkResponse({ type: PrivacyRequestDto })
  @ApiProblems(400, 403, 404)
  get(@UuidParam('requestId') id: string): Promise<PrivacyRequestDto> {
    return this.requests.get(id);
  }

  @Get(':requestId/preview')
  @Roles('privacy_officer', 'supervisor')
  @Audit({ resource: 'privacy_request', action: 'read', purpose: 'data_subject_rights' })
  @ApiOperation({
    operationId: 'previewPrivacyRequest',
    summary: 'Per record category: how many rows concern the subject, and whether an erasure would delete, pseudonymise or keep them (and why) — or what a restriction freezes.',
  })
  @ApiOkResponse({ type: ErasurePreviewDto })
  @ApiProblems(400, 403, 404)
  preview(@UuidParam('requestId') id: string): Promise<ErasurePreviewDto> {
    return this.requests.preview(id);
  }

  @Post(':requestId/approve')
  @HttpCode(200)
  @Roles('privacy_officer', 'supervisor')
  @Audit({ resource: 'privacy_request', action: 'update', ...ACCOUNTABILITY })
  @ApiOperation({ operationId: 'approvePrivacyRequest', summary: 'Approve a recorded request: a second privacy officer or a supervisor, never the one who recorded it (four eyes).' })
  @ApiOkResponse({ type: PrivacyRequestDto })
  @ApiProblems(400, 403, 404, 409)
  approve(@UuidParam('requestId') id: string, @Body() body: ApprovePrivacyRequestDto): Promise<PrivacyRequestDto> {
    return this.requests.approve(id, body.reason);
  }

  @Post(':requestId/reject')
  @HttpCode(200)
  @Roles('privacy_officer', 'supervisor')
  @Audit({ resource: 'privacy_request', action: 'update', ...ACCOUNTABILITY })
  @ApiOperation({ operationId: 'rejectPrivacyRequest', summary: 'Reject a recorded request with a reason (four eyes, as approving).' })
  @ApiOkResponse({ type: PrivacyRequestDto })
  @ApiProblems(400, 403, 404, 409)
  reject(@UuidParam('requestId') id: string, @Body() body: RejectPrivacyRequestDto): Promise<PrivacyRequestDto> {
    return this.requests.reject(id, body.reason);
  }

  @Post(':requestId/execute')
  @HttpCode(200)
  @Roles('privacy_officer')
  @Audit({ resource: 'privacy_request', action: 'update', ...ACCOUNTABILITY })
  @ApiOperation({ operationId: 'executePrivacyRequest', summary: 'Carry out an approved request: an erasure erases what may go and stores its report; a restriction comes into force.' })
  @ApiOkResponse({ type: PrivacyRequestDto })
  @ApiProblems(400, 403, 404, 409)
  execute(@UuidParam('requestId') id: string): Promise<PrivacyRequestDto> {
    return this.requests.execute(id);
  }

  @Post(':requestId/lift')
  @HttpCode(200)
  @Roles('privacy_officer')
  @Audit({ resource: 'privacy_request', action: 'update', ...ACCOUNTABILITY })
  @ApiOperation({ operationId: 'liftRestriction', summary: 'Lift a restriction in force: the data can be changed and shared by webhook again.' })
  @ApiOkResponse({ type: PrivacyRequestDto })
  @ApiProblems(400, 403, 404, 409)
  lift(@UuidParam('requestId') id: string, @Body() body: LiftRestrictionDto): Promise<PrivacyRequestDto> {
    return this.requests.lift(id, body.reason);
  }

  @Get(':requestId/report')
  @Roles('privacy_officer', 'supervisor')
  @Audit({ resource: 'privacy_request', action: 'read', purpose: 'data_subject_rights' })
  @ApiOperation({ operationId: 'getErasureReport', summary: 'The report of an executed erasure: per category what was erased, what kept and why, counts, times, who approved and executed.' })
  @ApiOkResponse({ type: ErasureReportDto })
  @ApiProblems(400, 403, 404, 409)
  report(@UuidParam('requestId') id: string): Promise<ErasureReportDto> {
    return this.requests.report(id);
  }
}

import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../common/http.js';
import { ApiProblems } from '../common/openapi.js';
import { MemberBsnDto } from './dto/member-bsn.dto.js';
import { MemberBsnService } from './member-bsn.service.js';
import { Audit } from '../audit/audit.decorators.js';

@ApiTags('households')
@ApiBearerAuth()
@Controller('households')
export class MemberBsnController {
  constructor(private readonly bsn: MemberBsnService) {}

  @Get(':householdId/members/:memberId/bsn')
  @Audit({ resource: 'member_bsn', action: 'read', resourceId: ({ params }) => params.memberId, answeredNotFound: ['BSN_NOT_ON_RECORD'] })
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    operationId: 'getMemberBsn',
    summary: "A member's citizen service number (BSN) — for the household's coordinator only, and recorded in the audit trail.",
  })
  @ApiOkResponse({ type: MemberBsnDto })
  @ApiProblems(400, 403, 404)
  get(@UuidParam('householdId') householdId: string, @UuidParam('memberId') memberId: string): Promise<MemberBsnDto> {
    return this.bsn.reveal(householdId, memberId);
  }
}

import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit, NoPersonalData } from '../audit/audit.decorators.js';
import { Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import {
  EmergencyAccessDto,
  EmergencyAccessPolicyDto,
  EmergencyAccessQueryDto,
  ReviewEmergencyAccessDto,
  UpdateEmergencyAccessPolicyDto,
} from './dto/emergency-access.dto.js';
import { EmergencyAccessService } from './emergency-access.service.js';

/** The privacy officer's side of break-the-glass: the review list, the review, and how long a grant lasts. */
@ApiTags('emergency access')
@ApiBearerAuth()
@ApiExtraModels(EmergencyAccessDto)
@Controller('privacy')
export class EmergencyAccessReviewController {
  constructor(private readonly emergency: EmergencyAccessService) {}

  @Get('emergency-accesses')
  @Roles('privacy_officer')
  @Audit({ resource: 'emergency_access', action: 'search', purpose: 'accountability' })
  @ApiOperation({ operationId: 'listEmergencyAccesses', summary: "Your municipality's emergency accesses, newest first, with holder, reason, period and review; `unreviewed=true` for the review queue." })
  @ApiOkResponse({ schema: pageSchema('EmergencyAccessDto') })
  @ApiProblems(400, 403)
  list(@Query() query: EmergencyAccessQueryDto) {
    return this.emergency.list(query);
  }

  @Post('emergency-accesses/:grantId/review')
  @Roles('privacy_officer')
  @Audit({ resource: 'emergency_access', action: 'update', purpose: 'accountability' })
  @HttpCode(200)
  @ApiOperation({ operationId: 'reviewEmergencyAccess', summary: 'Record whether an emergency access was justified, with a note (once; 409 when already reviewed).' })
  @ApiOkResponse({ type: EmergencyAccessDto })
  @ApiProblems(400, 403, 404, 409)
  review(@UuidParam('grantId') grantId: string, @Body() body: ReviewEmergencyAccessDto): Promise<EmergencyAccessDto> {
    return this.emergency.review(grantId, body);
  }

  @Get('emergency-access-policy')
  @Roles('privacy_officer')
  @NoPersonalData()
  @ApiOperation({ operationId: 'getEmergencyAccessPolicy', summary: 'How long an emergency access lasts in your municipality (default 240 minutes).' })
  @ApiOkResponse({ type: EmergencyAccessPolicyDto })
  @ApiProblems(403)
  policy(): Promise<EmergencyAccessPolicyDto> {
    return this.emergency.policy();
  }

  @Put('emergency-access-policy')
  @Roles('privacy_officer')
  @NoPersonalData()
  @ApiOperation({ operationId: 'setEmergencyAccessPolicy', summary: 'Set how long a new emergency access lasts: 15 to 720 minutes. Grants already given keep their expiry.' })
  @ApiOkResponse({ type: EmergencyAccessPolicyDto })
  @ApiProblems(400, 403)
  setPolicy(@Body() body: UpdateEmergencyAccessPolicyDto): Promise<EmergencyAccessPolicyDto> {
    return this.emergency.setPolicy(body.durationMinutes);
  }
}

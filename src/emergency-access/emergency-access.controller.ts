import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Audit } from '../audit/audit.decorators.js';
import { Roles } from '../auth/auth.decorators.js';
import { setLocation, UuidParam } from '../common/http.js';
import { ApiProblems } from '../common/openapi.js';
import { EmergencyAccessDto, RequestEmergencyAccessDto } from './dto/emergency-access.dto.js';
import { EmergencyAccessService } from './emergency-access.service.js';

/** Break-the-glass by the professional who needs it: take, look at and end one's own emergency access. */
@ApiTags('emergency access')
@ApiBearerAuth()
@Controller('households/:householdId/emergency-access')
export class EmergencyAccessController {
  constructor(private readonly emergency: EmergencyAccessService) {}

  @Post()
  @Roles('professional', 'coordinator')
  @Audit({ resource: 'emergency_access', action: 'create', purpose: 'emergency_care' })
  @HttpCode(201)
  @ApiOperation({
    operationId: 'requestEmergencyAccess',
    summary:
      'Break the glass: read-only access to a household you are not involved with, at once, for the time your municipality set (default 4 hours), with a reason. ' +
      'Every read is audited as emergency access; the coordinator and the privacy officer are told at once, and the privacy officer reviews it. ' +
      'The household id comes from whoever asks you to act (a colleague, the intake team, a signal match); 409 when you already have access.',
  })
  @ApiCreatedResponse({ type: EmergencyAccessDto })
  @ApiProblems(400, 403, 404, 409)
  async request(@UuidParam('householdId') householdId: string, @Body() body: RequestEmergencyAccessDto, @Res({ passthrough: true }) res: Response): Promise<EmergencyAccessDto> {
    const grant = await this.emergency.request(householdId, body);
    setLocation(res, `/households/${householdId}/emergency-access/${grant.id}`);
    return grant;
  }

  @Get(':grantId')
  @Roles('professional', 'coordinator')
  @Audit({ resource: 'emergency_access', action: 'read', purpose: 'emergency_care' })
  @ApiOperation({ operationId: 'getEmergencyAccess', summary: 'Your own emergency access to the household: until when it runs, and whether it was reviewed.' })
  @ApiOkResponse({ type: EmergencyAccessDto })
  @ApiProblems(400, 403, 404)
  get(@UuidParam('householdId') householdId: string, @UuidParam('grantId') grantId: string): Promise<EmergencyAccessDto> {
    return this.emergency.getOwn(householdId, grantId);
  }

  @Post(':grantId/end')
  @Roles('professional', 'coordinator')
  @Audit({ resource: 'emergency_access', action: 'update', purpose: 'emergency_care' })
  @HttpCode(200)
  @ApiOperation({ operationId: 'endEmergencyAccess', summary: 'End your own emergency access now, before it expires (409 when it already ended or expired).' })
  @ApiOkResponse({ type: EmergencyAccessDto })
  @ApiProblems(400, 403, 404, 409)
  end(@UuidParam('householdId') householdId: string, @UuidParam('grantId') grantId: string): Promise<EmergencyAccessDto> {
    return this.emergency.end(householdId, grantId);
  }
}

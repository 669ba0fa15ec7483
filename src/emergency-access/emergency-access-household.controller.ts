import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorators.js';
import { Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import { PageQueryDto } from '../common/pagination.js';
import { HouseholdEmergencyAccessDto } from './dto/emergency-access.dto.js';
import { EmergencyAccessService } from './emergency-access.service.js';

/**
 * Break-the-glass as the household's coordinator and supervisors see it: the announcement (`emergency_access.granted`)
 * carries ids only, so they read who broke the glass, why, when and until when here.
 */
@ApiTags('emergency access')
@ApiBearerAuth()
@ApiExtraModels(HouseholdEmergencyAccessDto)
@Controller('households/:householdId/emergency-accesses')
export class EmergencyAccessHouseholdController {
  constructor(private readonly emergency: EmergencyAccessService) {}

  @Get()
  @Roles('coordinator', 'supervisor')
  @Audit({ resource: 'emergency_access', action: 'search', resourceId: () => null })
  @ApiOperation({
    operationId: 'listHouseholdEmergencyAccesses',
    summary:
      'The emergency accesses (break-the-glass) to the household, newest first: who took it, the reason they gave, when, and until when — for its coordinator and supervisors. ' +
      'Care-team partners, intake, and emergency holders themselves get 403; whoever may not see the household 404. The privacy officer reviews grants at GET /privacy/emergency-accesses.',
  })
  @ApiOkResponse({ schema: pageSchema('HouseholdEmergencyAccessDto') })
  @ApiProblems(400, 403, 404)
  list(@UuidParam('householdId') householdId: string, @Query() query: PageQueryDto) {
    return this.emergency.listForHousehold(householdId, query);
  }
}

import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import { PageQueryDto } from '../common/pagination.js';
import { CoordinationService } from './coordination.service.js';
import { AssignCoordinatorDto, CoordinatorAssignmentDto } from './dto/coordinator.dto.js';
import { Audit } from '../audit/audit.decorators.js';

@ApiTags('coordination')
@ApiBearerAuth()
@ApiExtraModels(CoordinatorAssignmentDto)
@Controller('households/:householdId/coordinator')
export class CoordinationController {
  constructor(private readonly coordination: CoordinationService) {}

  @Put()
  @Audit({ resource: 'coordinator_assignment', action: 'update' })
  @ApiOperation({ operationId: 'assignCoordinator', summary: 'Assign the regisseur, or hand the case over to another (one transaction, with reason).' })
  @ApiOkResponse({ type: CoordinatorAssignmentDto })
  @ApiProblems(400, 403, 404, 409, 422)
  assign(@UuidParam('householdId') householdId: string, @Body() body: AssignCoordinatorDto): Promise<CoordinatorAssignmentDto> {
    return this.coordination.assign(householdId, body);
  }

  @Get('history')
  @Audit({ resource: 'coordinator_assignment', action: 'search' })
  @ApiOperation({ operationId: 'listCoordinatorHistory', summary: 'Every coordinator the household had, newest first.' })
  @ApiOkResponse({ schema: pageSchema('CoordinatorAssignmentDto') })
  @ApiProblems(400, 404)
  history(@UuidParam('householdId') householdId: string, @Query() query: PageQueryDto) {
    return this.coordination.history(householdId, query);
  }
}

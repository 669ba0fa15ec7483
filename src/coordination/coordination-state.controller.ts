import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Audit } from '../audit/audit.decorators.js';
import { setLocation, UuidParam } from '../common/http.js';
import { ApiProblems } from '../common/openapi.js';
import { CoordinationStateService } from './coordination-state.service.js';
import { CoordinationStateDto, DeclineHandoverDto, CoordinatorHandoverDto, ProposeHandoverDto, StepDownDto } from './dto/coordination-state.dto.js';

@ApiTags('coordination')
@ApiBearerAuth()
@ApiExtraModels(CoordinationStateDto, CoordinatorHandoverDto)
@Controller()
export class CoordinationStateController {
  constructor(private readonly coordination: CoordinationStateService) {}

  @Get('households/:householdId/coordination')
  @Audit({ resource: 'coordinator_assignment', action: 'read' })
  @ApiOperation({ operationId: 'getCoordination', summary: 'The coordination state (assigned, handover_proposed, vacant with since and reason), the pending hand-over, any overlap, and every hand-over.' })
  @ApiOkResponse({ type: CoordinationStateDto })
  @ApiProblems(400, 404)
  get(@UuidParam('householdId') householdId: string): Promise<CoordinationStateDto> {
    return this.coordination.get(householdId);
  }

  @Post('households/:householdId/coordination/step-down')
  @HttpCode(200)
  @Audit({ resource: 'coordinator_assignment', action: 'update' })
  @ApiOperation({ operationId: 'stepDownAsCoordinator', summary: 'The coordinator (or a supervisor for them) steps down with a reason: the household becomes vacant (stepped down).' })
  @ApiOkResponse({ type: CoordinationStateDto })
  @ApiProblems(400, 403, 404, 409)
  stepDown(@UuidParam('householdId') householdId: string, @Body() body: StepDownDto): Promise<CoordinationStateDto> {
    return this.coordination.stepDown(householdId, body);
  }

  @Post('households/:householdId/coordination/handovers')
  @HttpCode(201)
  @Audit({ resource: 'coordinator_handover', action: 'create' })
  @ApiOperation({ operationId: 'proposeHandover', summary: 'Propose a hand-over to another coordinator; the current coordinator stays accountable until they accept.' })
  @ApiCreatedResponse({ type: CoordinatorHandoverDto })
  @ApiProblems(400, 403, 404, 409, 422)
  async propose(@UuidParam('householdId') householdId: string, @Body() body: ProposeHandoverDto, @Res({ passthrough: true }) res: Response): Promise<CoordinatorHandoverDto> {
    const handover = await this.coordination.propose(householdId, body);
    setLocation(res, `/households/${householdId}/coordination`);
    return handover;
  }

  @Post('coordination/handovers/:handoverId/accept')
  @HttpCode(200)
  @Audit({ resource: 'coordinator_handover', action: 'update', resourceId: ({ params }) => params.handoverId })
  @ApiOperation({ operationId: 'acceptHandover', summary: 'The proposed coordinator accepts: they become the one accountable coordinator (the previous one stays involved for the overlap, if any).' })
  @ApiOkResponse({ type: CoordinationStateDto })
  @ApiProblems(400, 404, 409, 422)
  accept(@UuidParam('handoverId') handoverId: string): Promise<CoordinationStateDto> {
    return this.coordination.accept(handoverId);
  }

  @Post('coordination/handovers/:handoverId/decline')
  @HttpCode(200)
  @Audit({ resource: 'coordinator_handover', action: 'update', resourceId: ({ params }) => params.handoverId })
  @ApiOperation({ operationId: 'declineHandover', summary: 'The proposed coordinator declines with a reason: the current coordinator stays.' })
  @ApiOkResponse({ type: CoordinatorHandoverDto })
  @ApiProblems(400, 404, 409)
  decline(@UuidParam('handoverId') handoverId: string, @Body() body: DeclineHandoverDto): Promise<CoordinatorHandoverDto> {
    return this.coordination.decline(handoverId, body);
  }
}

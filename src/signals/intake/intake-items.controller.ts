import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../../audit/audit.decorators.js';
import { Roles } from '../../auth/auth.decorators.js';
import { UuidParam } from '../../common/http.js';
import { ApiProblems, pageSchema } from '../../common/openapi.js';
import { CloseIntakeItemDto, IntakeItemDto, ListIntakeItemsQueryDto } from './dto/intake-item.dto.js';
import { IntakeItemsService } from './intake-items.service.js';

const households = ({ result }: { result: unknown }) => {
  const items = (result as { items?: Array<{ householdId: string | null }>; householdId?: string | null } | undefined) ?? {};
  return items.items ? items.items.map((i) => i.householdId) : [items.householdId];
};

/** Registered before SignalsController, so `/signals/intake-items` is not taken for a signal id. */
@ApiTags('signals')
@ApiBearerAuth()
@ApiExtraModels(IntakeItemDto)
@Controller('signals/intake-items')
export class IntakeItemsController {
  constructor(private readonly items: IntakeItemsService) {}

  @Get()
  @Audit({ resource: 'signal_intake_item', action: 'search', purpose: 'intake', households })
  @Roles('coordinator', 'supervisor')
  @ApiOperation({
    operationId: 'listIntakeItems',
    summary: 'Intake items, newest first: signals of two or more organisations about one not-yet-registered family. For the intake team and supervisors.',
  })
  @ApiOkResponse({ schema: pageSchema('IntakeItemDto') })
  @ApiProblems(400)
  list(@Query() query: ListIntakeItemsQueryDto) {
    return this.items.list(query);
  }

  @Post(':intakeItemId/close')
  @Audit({ resource: 'signal_intake_item', action: 'update', purpose: 'intake', households, resourceId: ({ params }) => params.intakeItemId })
  @HttpCode(200)
  @Roles('coordinator', 'supervisor')
  @ApiOperation({
    operationId: 'closeIntakeItem',
    summary: 'Close an open intake item with an outcome (registering the household closes it by itself, as `registered`).',
  })
  @ApiOkResponse({ type: IntakeItemDto })
  @ApiProblems(400, 404, 409)
  close(@UuidParam('intakeItemId') intakeItemId: string, @Body() body: CloseIntakeItemDto): Promise<IntakeItemDto> {
    return this.items.close(intakeItemId, body);
  }
}

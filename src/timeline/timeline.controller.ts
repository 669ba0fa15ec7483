import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import { TIMELINE_DATA_MODELS, TimelineEntryDto, TimelineQueryDto } from './dto/timeline.dto.js';
import { TimelineService } from './timeline.service.js';
import { Audit } from '../audit/audit.decorators.js';

@ApiTags('timeline')
@ApiBearerAuth()
@ApiExtraModels(TimelineEntryDto, ...TIMELINE_DATA_MODELS)
@Controller('households/:householdId/timeline')
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get()
  @Audit({ resource: 'timeline', action: 'search' })
  @ApiOperation({
    operationId: 'getTimeline',
    summary: 'The household history, newest first: lifecycle, coordinators, care team, plan revisions, contacts, assessments, signals, escalations.',
  })
  @ApiOkResponse({ schema: pageSchema('TimelineEntryDto') })
  @ApiProblems(400, 404)
  list(@UuidParam('householdId') householdId: string, @Query() query: TimelineQueryDto) {
    return this.timeline.list(householdId, query);
  }
}

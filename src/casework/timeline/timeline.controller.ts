import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../../common/http.js';
import { ApiProblems, pageSchema } from '../../common/openapi.js';
import { TIMELINE_DATA_MODELS, TimelineEntryDto, TimelineQueryDto } from './dto/timeline.dto.js';
import { TimelineService } from './timeline.service.js';
import { Audit } from '../../audit/audit.decorators.js';

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
    description:
      'Purpose limitation: a partner on the care team gets only the entries its links (and their consents) cover — changes of life domains and members it covers, contact moments ' +
      'and escalations only with contact notes (escalations also by their domains and members), and signals only when it covers the whole case (every domain and member).',
  })
  @ApiOkResponse({ schema: pageSchema('TimelineEntry') })
  @ApiProblems(400, 404)
  list(@UuidParam('householdId') householdId: string, @Query() query: TimelineQueryDto) {
    return this.timeline.list(householdId, query);
  }
}

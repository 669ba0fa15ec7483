import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiProblems } from '../../common/openapi.js';
import { OutcomesDto, OutcomesQueryDto } from './dto/outcomes.dto.js';
import { OutcomesService } from './outcomes.service.js';
import { NoPersonalData } from '../../audit/audit.decorators.js';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision/outcomes')
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get()
  @NoPersonalData()
  @Roles('supervisor')
  @ApiOperation({
    operationId: 'getOutcomes',
    summary: 'Per month: households by status, new, closed, recurrence, median days open, assessment progress, stalled — per district, small counts suppressed.',
  })
  @ApiOkResponse({ type: OutcomesDto })
  @ApiProblems(400, 403)
  report(@Query() query: OutcomesQueryDto): Promise<OutcomesDto> {
    return this.outcomes.report(query);
  }
}

import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DomainOutcomesDto, DomainOutcomesQueryDto } from './dto/domain-outcomes.dto.js';
import { DomainOutcomesService } from './domain-outcomes.service.js';
import { Roles } from '../../auth/auth.decorators.js';
import { CSV_EXPORT_HEADERS, wantsCsv } from '../../common/csv-negotiation.js';
import { ApiProblems } from '../../common/openapi.js';
import { OutcomesDto, OutcomesQueryDto } from './dto/outcomes.dto.js';
import { OutcomesService } from './outcomes.service.js';
import { NoPersonalData } from '../../audit/audit.decorators.js';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision/outcomes')
export class OutcomesController {
  constructor(
    private readonly outcomes: OutcomesService,
    private readonly domains: DomainOutcomesService,
  ) {}

  @Get()
  @NoPersonalData()
  @Roles('supervisor')
  @ApiOperation({
    operationId: 'getOutcomes',
    summary: 'Per month: households by status, new, closed, recurrence, median days open, assessment progress, stalled — per district, small counts suppressed.',
  })
  @ApiOkResponse({ type: OutcomesDto })
  @ApiProblems(400, 403, 422)
  report(@Query() query: OutcomesQueryDto): Promise<OutcomesDto> {
    return this.outcomes.report(query);
  }

  @Get('domains')
  @NoPersonalData()
  @Roles('supervisor')
  @ApiOperation({
    operationId: 'getDomainOutcomes',
    summary: 'Per life domain and district, per month: households with goals, low self-reliance scores, recurrence — small counts suppressed; JSON or CSV.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: DomainOutcomesDto, headers: CSV_EXPORT_HEADERS })
  @ApiProblems(400, 403, 422)
  async domainReport(@Query() query: DomainOutcomesQueryDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<DomainOutcomesDto | string> {
    const report = await this.domains.report(query);
    if (!wantsCsv(req, res, query.format)) return report;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="outcomes-domains-${report.from}-${report.to}.csv"`);
    return this.domains.toCsv(report);
  }
}

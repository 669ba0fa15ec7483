import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../../auth/auth.decorators.js';
import { Clock } from '../../common/clock.js';
import { setLocation, UuidParam } from '../../common/http.js';
import { CSV_EXPORT_HEADERS, wantsCsv } from '../../common/csv-negotiation.js';
import { ApiProblems, pageSchema } from '../../common/openapi.js';
import { PageQueryDto } from '../../common/pagination.js';
import { CSV_BOM } from '../csv.js';
import { CreateSnoozeDto, EvaluationResultDto, ListStalledQueryDto, SnoozeDto, StalledCaseDto } from './dto/stalled.dto.js';
import { ReviewQueueService } from './review-queue.service.js';
import { AuditContext } from '../../audit/audit-context.js';
import { Audit, NoPersonalData } from '../../audit/audit.decorators.js';


@ApiTags('supervision')
@ApiBearerAuth()
@ApiExtraModels(StalledCaseDto, SnoozeDto)
@Controller('supervision/stalled')
export class ReviewQueueController {
  constructor(
    private readonly queue: ReviewQueueService,
    private readonly clock: Clock,
    private readonly audit: AuditContext,
  ) {}

  @Get()
  @Audit({ resource: 'stalled_case', action: 'search' })
  @Roles('supervisor', 'coordinator')
  @ApiOperation({
    operationId: 'listStalledCases',
    summary: 'Review queue: stalled households with the rules that fire; as CSV with Accept: text/csv or format=csv.',
    description:
      'Supervisors see the municipality; coordinators only the households they coordinate. CSV: `;`-separated, UTF-8 with BOM, ' +
      'one row per household, every matching household (no paging); cells that would start a formula are prefixed with an apostrophe.',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'A page of stalled cases, or the CSV export.',
    headers: CSV_EXPORT_HEADERS,
    content: {
      'application/json': { schema: pageSchema('StalledCaseDto') },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiProblems(400, 403)
  async list(@Query() query: ListStalledQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (!wantsCsv(req, res, query.format)) {
      const page = await this.queue.list(query);
      for (const item of page.items) this.audit.concernsHousehold(item.householdId);
      res.status(200).json(page);
      return;
    }
    this.audit.actionIs('export');
    const lines = this.queue.csv(query);
    const first = await lines.next(); // errors (validation, access) surface before anything is sent
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="stalled-cases-${this.clock.today()}.csv"`);
    res.write(CSV_BOM + (first.done ? '' : first.value.line));
    for await (const { line, householdId } of lines) {
      // each exported household gets its export event (and so a line in its citizen's access report)
      if (householdId) this.audit.concernsHousehold(householdId);
      res.write(line);
    }
    // ended once the export's audit events are committed; should the commit fail, the connection is cut
    // (ProblemFilter) and the file stays incomplete
    this.queue.whenCommitted(() => res.end());
  }

  @Post('evaluate')
  @NoPersonalData()
  @HttpCode(200)
  @Roles('supervisor')
  @ApiOperation({ operationId: 'evaluateStalledCases', summary: 'Run the stall rules for your municipality now; answers what changed.' })
  @ApiOkResponse({ type: EvaluationResultDto })
  @ApiProblems(403, 409)
  evaluate(): Promise<EvaluationResultDto> {
    return this.queue.evaluateNow();
  }

  @Post(':householdId/snoozes')
  @Audit({ resource: 'stall_snooze', action: 'create' })
  @HttpCode(201)
  @Roles('supervisor')
  @ApiOperation({ operationId: 'snoozeStallRule', summary: 'Hide one rule for one household until an end date, with a reason.' })
  @ApiCreatedResponse({ type: SnoozeDto })
  @ApiProblems(400, 403, 404, 409)
  async snooze(@UuidParam('householdId') householdId: string, @Body() body: CreateSnoozeDto, @Res({ passthrough: true }) res: Response): Promise<SnoozeDto> {
    const snooze = await this.queue.snooze(householdId, body);
    setLocation(res, `/supervision/stalled/${householdId}/snoozes/${snooze.id}`);
    return snooze;
  }

  @Get(':householdId/snoozes')
  @Audit({ resource: 'stall_snooze', action: 'search' })
  @Roles('supervisor')
  @ApiOperation({ operationId: 'listStallSnoozes', summary: "A household's snoozes, newest first (ended ones too)." })
  @ApiOkResponse({ schema: pageSchema('SnoozeDto') })
  @ApiProblems(400, 403, 404)
  snoozes(@UuidParam('householdId') householdId: string, @Query() query: PageQueryDto) {
    return this.queue.snoozes(householdId, query);
  }

  @Get(':householdId/snoozes/:snoozeId')
  @Audit({ resource: 'stall_snooze', action: 'read' })
  @Roles('supervisor')
  @ApiOperation({ operationId: 'getStallSnooze', summary: 'One snooze.' })
  @ApiOkResponse({ type: SnoozeDto })
  @ApiProblems(400, 403, 404)
  getSnooze(@UuidParam('householdId') householdId: string, @UuidParam('snoozeId') snoozeId: string): Promise<SnoozeDto> {
    return this.queue.getSnooze(householdId, snoozeId);
  }
}

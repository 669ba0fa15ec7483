import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { setLocation, UuidParam } from '../../common/http.js';
import { ApiProblems, pageSchema } from '../../common/openapi.js';
import { AssessmentsService } from './assessments.service.js';
import { AssessmentComparisonDto, AssessmentDto, CompareAssessmentsQueryDto, CreateAssessmentDto, ListAssessmentsQueryDto } from './dto/assessment.dto.js';
import { Audit } from '../../audit/audit.decorators.js';

@ApiTags('assessments')
@ApiBearerAuth()
@ApiExtraModels(AssessmentDto)
@Controller('households/:householdId/assessments')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Post()
  @Audit({ resource: 'assessment', action: 'create' })
  @HttpCode(201)
  @ApiOperation({ operationId: 'recordAssessment', summary: 'Record self-reliance scores (1–5 per life domain) of a member or the whole household.' })
  @ApiCreatedResponse({ type: AssessmentDto })
  @ApiProblems(400, 403, 404, 409, 422)
  async record(@UuidParam('householdId') householdId: string, @Body() body: CreateAssessmentDto, @Res({ passthrough: true }) res: Response): Promise<AssessmentDto> {
    const assessment = await this.assessments.record(householdId, body);
    setLocation(res, `/households/${householdId}/assessments/${assessment.id}`);
    return assessment;
  }

  @Get()
  @Audit({ resource: 'assessment', action: 'search' })
  @ApiOperation({ operationId: 'listAssessments', summary: 'Assessment history, newest first, with scores and totals; filter by member.' })
  @ApiOkResponse({ schema: pageSchema('AssessmentDto') })
  @ApiProblems(400, 404, 422)
  list(@UuidParam('householdId') householdId: string, @Query() query: ListAssessmentsQueryDto) {
    return this.assessments.list(householdId, query);
  }

  // Before ':assessmentId', so "compare" is not taken for an id.
  @Get('compare')
  @Audit({ resource: 'assessment', action: 'read' })
  @ApiOperation({ operationId: 'compareAssessments', summary: 'Change per life domain and in total between two assessments of the same subject.' })
  @ApiOkResponse({ type: AssessmentComparisonDto })
  @ApiProblems(400, 404, 422)
  compare(@UuidParam('householdId') householdId: string, @Query() query: CompareAssessmentsQueryDto): Promise<AssessmentComparisonDto> {
    return this.assessments.compare(householdId, query);
  }

  @Get(':assessmentId')
  @Audit({ resource: 'assessment', action: 'read' })
  @ApiOperation({ operationId: 'getAssessment', summary: 'One assessment with its scores.' })
  @ApiOkResponse({ type: AssessmentDto })
  @ApiProblems(400, 404)
  get(@UuidParam('householdId') householdId: string, @UuidParam('assessmentId') assessmentId: string): Promise<AssessmentDto> {
    return this.assessments.get(householdId, assessmentId);
  }
}

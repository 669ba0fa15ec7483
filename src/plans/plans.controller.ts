import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ifMatchHeader, requireIfMatch } from '../common/etag.js';
import { INT4_MAX, IntParam, setEtag, setLocation, UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import { PageQueryDto } from '../common/pagination.js';
import { CreateActionDto, CreateGoalDto, CreatePlanDto, UpdateActionDto, UpdateGoalDto, UpdatePlanDto } from './dto/plan-input.dto.js';
import { ActionDto, GoalDto, PlanDto, PlanRevisionDto, PlanRevisionSummaryDto } from './dto/plan.dto.js';
import { PlansService } from './plans.service.js';
import { Audit } from '../audit/audit.decorators.js';

const IF_MATCH = ifMatchHeader("The plan's ETag you last read; every change to the plan, its goals or actions needs it.");
const ETAG = { ETag: { description: 'The new plan version.', schema: { type: 'string' } } };

@ApiTags('plan')
@ApiBearerAuth()
@ApiExtraModels(PlanRevisionSummaryDto)
@Controller('households/:householdId/plan')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @Post()
  @Audit({ resource: 'plan', action: 'create' })
  @HttpCode(201)
  @ApiOperation({ operationId: 'createPlan', summary: 'Make the one plan (gezinsplan) of the household; a second create is 409.' })
  @ApiCreatedResponse({ type: PlanDto, headers: ETAG })
  @ApiProblems(400, 403, 404, 409)
  async create(@UuidParam('householdId') householdId: string, @Body() body: CreatePlanDto, @Res({ passthrough: true }) res: Response): Promise<PlanDto> {
    const plan = await this.plans.create(householdId, body);
    setLocation(res, `/households/${householdId}/plan`);
    setEtag(res, plan.version);
    return plan;
  }

  @Get()
  @Audit({ resource: 'plan', action: 'read' })
  @ApiOperation({ operationId: 'getPlan', summary: 'The plan with goals, actions, network and community resources.' })
  @ApiOkResponse({ type: PlanDto, headers: ETAG })
  @ApiProblems(400, 404)
  async get(@UuidParam('householdId') householdId: string, @Res({ passthrough: true }) res: Response): Promise<PlanDto> {
    const plan = await this.plans.get(householdId);
    setEtag(res, plan.version);
    return plan;
  }

  @Patch()
  @Audit({ resource: 'plan', action: 'update' })
  @ApiOperation({ operationId: 'updatePlan', summary: "Change the family's words, review date, network or community resources." })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PlanDto, headers: ETAG })
  @ApiProblems(400, 403, 404, 409, 412, 422, 428)
  async update(
    @UuidParam('householdId') householdId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdatePlanDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PlanDto> {
    const plan = await this.plans.update(householdId, requireIfMatch(ifMatch, 'plan'), body);
    setEtag(res, plan.version);
    return plan;
  }

  @Post('goals')
  @Audit({ resource: 'goal', action: 'create' })
  @HttpCode(201)
  @ApiOperation({ operationId: 'addGoal', summary: 'Add a goal in one life domain.' })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: GoalDto, headers: ETAG })
  @ApiProblems(400, 403, 404, 409, 412, 422, 428)
  async addGoal(
    @UuidParam('householdId') householdId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: CreateGoalDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<GoalDto> {
    const { plan, goal } = await this.plans.addGoal(householdId, requireIfMatch(ifMatch, 'plan'), body);
    setEtag(res, plan.version);
    setLocation(res, `/households/${householdId}/plan/goals/${goal.id}`);
    return goal;
  }

  @Patch('goals/:goalId')
  @Audit({ resource: 'goal', action: 'update' })
  @ApiOperation({ operationId: 'updateGoal', summary: 'Change a goal (title, domain, status, target date).' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: GoalDto, headers: ETAG })
  @ApiProblems(400, 403, 404, 409, 412, 422, 428)
  async updateGoal(
    @UuidParam('householdId') householdId: string,
    @UuidParam('goalId') goalId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateGoalDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<GoalDto> {
    const { plan, goal } = await this.plans.updateGoal(householdId, goalId, requireIfMatch(ifMatch, 'plan'), body);
    setEtag(res, plan.version);
    return goal;
  }

  @Post('goals/:goalId/actions')
  @Audit({ resource: 'action', action: 'create' })
  @HttpCode(201)
  @ApiOperation({ operationId: 'addAction', summary: 'Add an action with owner and due date to a goal.' })
  @ApiHeader(IF_MATCH)
  @ApiCreatedResponse({ type: ActionDto, headers: ETAG })
  @ApiProblems(400, 403, 404, 409, 412, 422, 428)
  async addAction(
    @UuidParam('householdId') householdId: string,
    @UuidParam('goalId') goalId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: CreateActionDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ActionDto> {
    const { plan, action } = await this.plans.addAction(householdId, goalId, requireIfMatch(ifMatch, 'plan'), body);
    setEtag(res, plan.version);
    setLocation(res, `/households/${householdId}/plan/actions/${action.id}`);
    return action;
  }

  @Patch('actions/:actionId')
  @Audit({ resource: 'action', action: 'update' })
  @ApiOperation({ operationId: 'updateAction', summary: "Change an action; its owner may change the status only." })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ActionDto, headers: ETAG })
  @ApiProblems(400, 403, 404, 409, 412, 422, 428)
  async updateAction(
    @UuidParam('householdId') householdId: string,
    @UuidParam('actionId') actionId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateActionDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ActionDto> {
    const { planVersion, action } = await this.plans.updateAction(householdId, actionId, requireIfMatch(ifMatch, 'plan'), body);
    setEtag(res, planVersion);
    return action;
  }

  @Get('revisions')
  @Audit({ resource: 'plan_revision', action: 'search' })
  @ApiOperation({ operationId: 'listPlanRevisions', summary: 'Plan history, newest first: who changed what, when.' })
  @ApiOkResponse({ schema: pageSchema('PlanRevisionSummaryDto') })
  @ApiProblems(400, 404)
  revisions(@UuidParam('householdId') householdId: string, @Query() query: PageQueryDto) {
    return this.plans.revisions(householdId, query);
  }

  @Get('revisions/:number')
  @Audit({ resource: 'plan_revision', action: 'read' })
  @ApiOperation({ operationId: 'getPlanRevision', summary: 'The whole plan as it was at one revision.' })
  @ApiParam({ name: 'number', schema: { type: 'integer', minimum: 1, maximum: INT4_MAX }, description: 'The revision (plan version) number.' })
  @ApiOkResponse({ type: PlanRevisionDto })
  @ApiProblems(400, 404)
  revision(@UuidParam('householdId') householdId: string, @IntParam('number') number: number): Promise<PlanRevisionDto> {
    return this.plans.revision(householdId, number);
  }
}

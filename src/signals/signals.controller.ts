import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import { setLocation, UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import { CreateSignalDto, ListSignalsQueryDto, SignalDto } from './dto/signal.dto.js';
import { SignalsService } from './signals.service.js';
import { Audit } from '../audit/audit.decorators.js';

@ApiTags('signals')
@ApiBearerAuth()
@ApiExtraModels(SignalDto)
@Controller('signals')
export class SignalsController {
  constructor(private readonly signals: SignalsService) {}

  @Post()
  @Audit({ resource: 'signal', action: 'create', purpose: 'signal_matching' })
  @HttpCode(201)
  @Roles('professional', 'coordinator', 'supervisor')
  @ApiOperation({
    operationId: 'createSignal',
    summary: 'Register a concern (signaal) about a person at an address; matched to a household by keyed hashes only.',
  })
  @ApiCreatedResponse({ type: SignalDto })
  @ApiProblems(400)
  async create(@Body() body: CreateSignalDto, @Res({ passthrough: true }) res: Response): Promise<SignalDto> {
    const signal = await this.signals.create(body);
    setLocation(res, `/signals/${signal.id}`);
    return signal;
  }

  @Get()
  @Audit({ resource: 'signal', action: 'search', purpose: 'signal_matching' })
  @Roles('professional', 'coordinator', 'supervisor')
  @ApiOperation({
    operationId: 'listSignals',
    summary: "Signals, newest first: the intake team's coordinators and supervisors see all (status=unmatched is the intake list); others their organisation's.",
  })
  @ApiOkResponse({ schema: pageSchema('SignalDto') })
  @ApiProblems(400)
  list(@Query() query: ListSignalsQueryDto) {
    return this.signals.list(query);
  }

  @Get(':signalId')
  @Audit({ resource: 'signal', action: 'read', purpose: 'signal_matching' })
  @Roles('professional', 'coordinator', 'supervisor')
  @ApiOperation({ operationId: 'getSignal', summary: 'One signal; for the signalling organisation, once matched, who is involved — not what.' })
  @ApiOkResponse({ type: SignalDto })
  @ApiProblems(400, 404)
  get(@UuidParam('signalId') signalId: string): Promise<SignalDto> {
    return this.signals.get(signalId);
  }

  @Post(':signalId/acknowledge')
  @Audit({ resource: 'signal', action: 'update', purpose: 'signal_matching' })
  @HttpCode(200)
  @Roles('coordinator', 'supervisor')
  @ApiOperation({
    operationId: 'acknowledgeSignal',
    summary: "Acknowledge a signal: the household's coordinator, without one a coordinator of the intake team, or a supervisor.",
  })
  @ApiOkResponse({ type: SignalDto })
  @ApiProblems(400, 404, 409)
  acknowledge(@UuidParam('signalId') signalId: string): Promise<SignalDto> {
    return this.signals.acknowledge(signalId);
  }
}

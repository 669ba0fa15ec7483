import { Body, Controller, Get, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { NoPersonalData } from '../../audit/audit.decorators.js';
import { Roles } from '../../auth/auth.decorators.js';
import { ifMatchHeader, requireIfMatch } from '../../common/etag.js';
import { setEtag } from '../../common/http.js';
import { ApiProblems, pageSchema, ETAG_HEADER } from '../../common/openapi.js';
import { PageQueryDto } from '../../common/pagination.js';
import { RetentionCategoryDto, RetentionRunDto, RetentionScheduleDto, UpdateRetentionPeriodDto } from './dto/retention.dto.js';
import { RETENTION_CATEGORIES } from './retention-schedule.js';
import { RetentionScheduleService } from './retention-schedule.service.js';

const IF_MATCH = ifMatchHeader('The schedule’s ETag (its version) you last read with GET /privacy/retention/schedule.');

@ApiTags('retention')
@ApiBearerAuth()
@ApiExtraModels(RetentionRunDto)
@Controller('privacy/retention')
export class RetentionController {
  constructor(private readonly retention: RetentionScheduleService) {}

  @Get('schedule')
  @NoPersonalData()
  @Roles('privacy_officer')
  @ApiOperation({ operationId: 'getRetentionSchedule', summary: "Your municipality's retention schedule: per record category its legal basis, start moment and period." })
  @ApiOkResponse({ type: RetentionScheduleDto, headers: ETAG_HEADER })
  @ApiProblems(403)
  async schedule(@Res({ passthrough: true }) res: Response): Promise<RetentionScheduleDto> {
    const schedule = await this.retention.schedule();
    setEtag(res, schedule.version);
    return schedule;
  }

  @Put('schedule/:category')
  @NoPersonalData()
  @Roles('privacy_officer')
  @ApiOperation({ operationId: 'updateRetentionPeriod', summary: "Set a category's retention period for your municipality (privacy officer)." })
  @ApiParam({ name: 'category', enum: RETENTION_CATEGORIES })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: RetentionCategoryDto, headers: ETAG_HEADER })
  @ApiProblems(400, 403, 404, 412, 422, 428)
  async update(
    @Param('category') category: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateRetentionPeriodDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RetentionCategoryDto> {
    const { item, version } = await this.retention.update(category, requireIfMatch(ifMatch, 'retention schedule'), body);
    setEtag(res, version);
    return item;
  }

  @Get('runs')
  @NoPersonalData()
  @Roles('privacy_officer')
  @ApiOperation({ operationId: 'listRetentionRuns', summary: 'Every retention run (dry run or apply) per category: rule, counts, held, duration; newest first.' })
  @ApiOkResponse({ schema: pageSchema('RetentionRunDto') })
  @ApiProblems(400, 403)
  runs(@Query() query: PageQueryDto) {
    return this.retention.runs(query);
  }
}

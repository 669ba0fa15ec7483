import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators.js';
import { ApiProblems } from '../../common/openapi.js';
import { STALL_RULES } from '../stall-rules.js';
import { StallRuleDto, StallRuleListDto, UpdateStallRuleDto } from './dto/stall-rule.dto.js';
import { StallRulesService } from './stall-rules.service.js';
import { NoPersonalData } from '../../audit/audit.decorators.js';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision/rules')
export class StallRulesController {
  constructor(private readonly rules: StallRulesService) {}

  @Get()
  @NoPersonalData()
  @Roles('supervisor', 'admin')
  @ApiOperation({ operationId: 'listStallRules', summary: "The eight stall rules with your municipality's thresholds." })
  @ApiOkResponse({ type: StallRuleListDto })
  @ApiProblems(403)
  list(): Promise<StallRuleListDto> {
    return this.rules.list();
  }

  @Put(':rule')
  @NoPersonalData()
  @Roles('admin')
  @ApiOperation({ operationId: 'updateStallRule', summary: 'Set the threshold of a rule, or switch it off (admin).' })
  @ApiParam({ name: 'rule', enum: STALL_RULES })
  @ApiOkResponse({ type: StallRuleDto })
  @ApiProblems(400, 403, 404)
  update(@Param('rule') rule: string, @Body() body: UpdateStallRuleDto): Promise<StallRuleDto> {
    return this.rules.update(rule, body);
  }
}

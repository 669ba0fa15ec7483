import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import { PageQueryDto } from '../common/pagination.js';
import { DeadLetterDto } from './dead-letter.dto.js';
import { DeadLetterService } from './dead-letter.service.js';
import { NoPersonalData } from '../audit/audit.decorators.js';

@ApiTags('operations')
@ApiBearerAuth()
@ApiExtraModels(DeadLetterDto)
@Roles('admin')
@Controller('admin/dead-letters')
export class DeadLetterController {
  constructor(private readonly letters: DeadLetterService) {}

  @Get()
  @NoPersonalData()
  @ApiOperation({ operationId: 'listDeadLetters', summary: 'Jobs that failed for good, with the reason (admin).' })
  @ApiOkResponse({ schema: pageSchema('DeadLetterDto') })
  @ApiProblems(400, 403)
  list(@Query() query: PageQueryDto) {
    return this.letters.list(query);
  }

  @Post(':deadLetterId/retry')
  @NoPersonalData()
  @HttpCode(204)
  @ApiOperation({ operationId: 'retryDeadLetter', summary: 'Put a failed job back on its queue (admin).' })
  @ApiNoContentResponse()
  @ApiProblems(400, 403, 404)
  retry(@UuidParam('deadLetterId') id: string): Promise<void> {
    return this.letters.retry(id);
  }
}

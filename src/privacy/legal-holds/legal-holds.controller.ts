import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Audit } from '../../audit/audit.decorators.js';
import { Roles } from '../../auth/auth.decorators.js';
import { setLocation, UuidParam } from '../../common/http.js';
import { ApiProblems, pageSchema } from '../../common/openapi.js';
import { PageQueryDto } from '../../common/pagination.js';
import { LegalHoldDto, LiftLegalHoldDto, PlaceLegalHoldDto } from './dto/legal-hold.dto.js';
import { LegalHoldsService } from './legal-holds.service.js';

@ApiTags('legal holds')
@ApiBearerAuth()
@ApiExtraModels(LegalHoldDto)
@Controller('households/:householdId/legal-holds')
export class LegalHoldsController {
  constructor(private readonly holds: LegalHoldsService) {}

  @Post()
  @HttpCode(201)
  @Roles('privacy_officer')
  @Audit({ resource: 'legal_hold', action: 'create', purpose: 'accountability' })
  @ApiOperation({ operationId: 'placeLegalHold', summary: 'Place a legal hold on the household’s case: nothing of it is purged while the hold stands (privacy officer).' })
  @ApiCreatedResponse({ type: LegalHoldDto })
  @ApiProblems(400, 403, 404)
  async place(@UuidParam('householdId') householdId: string, @Body() body: PlaceLegalHoldDto, @Res({ passthrough: true }) res: Response): Promise<LegalHoldDto> {
    const hold = await this.holds.place(householdId, body.reason);
    setLocation(res, `/households/${householdId}/legal-holds/${hold.id}`);
    return hold;
  }

  @Get()
  @Roles('privacy_officer')
  @Audit({ resource: 'legal_hold', action: 'search', purpose: 'accountability', resourceId: () => null })
  @ApiOperation({ operationId: 'listLegalHolds', summary: 'The household’s legal holds, active and lifted, newest first (privacy officer).' })
  @ApiOkResponse({ schema: pageSchema('LegalHoldDto') })
  @ApiProblems(400, 403, 404)
  list(@UuidParam('householdId') householdId: string, @Query() query: PageQueryDto) {
    return this.holds.list(householdId, query);
  }

  @Post(':holdId/lift')
  @HttpCode(200)
  @Roles('privacy_officer')
  @Audit({ resource: 'legal_hold', action: 'update', purpose: 'accountability' })
  @ApiOperation({ operationId: 'liftLegalHold', summary: 'Lift a legal hold, with a reason; the case is purged again once its period has passed and no other hold stands.' })
  @ApiOkResponse({ type: LegalHoldDto })
  @ApiProblems(400, 403, 404, 409)
  lift(@UuidParam('householdId') householdId: string, @UuidParam('holdId') holdId: string, @Body() body: LiftLegalHoldDto): Promise<LegalHoldDto> {
    return this.holds.lift(householdId, holdId, body.reason);
  }
}

import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import { setLocation, UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import { CreateProfessionalDto, ListProfessionalsQueryDto, ProfessionalDto } from './dto/professional.dto.js';
import { ProfessionalsService } from './professionals.service.js';
import { Audit } from '../audit/audit.decorators.js';

@ApiTags('professionals')
@ApiBearerAuth()
@ApiExtraModels(ProfessionalDto)
@Controller('professionals')
export class ProfessionalsController {
  constructor(private readonly professionals: ProfessionalsService) {}

  @Post()
  @Audit({ resource: 'professional', action: 'create' })
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ operationId: 'createProfessional', summary: 'Add a user with an organisation and roles (admin).' })
  @ApiCreatedResponse({ type: ProfessionalDto })
  @ApiProblems(400, 403, 404, 409)
  async create(@Body() body: CreateProfessionalDto, @Res({ passthrough: true }) res: Response): Promise<ProfessionalDto> {
    const professional = await this.professionals.create(body);
    setLocation(res, `/professionals/${professional.id}`);
    return professional;
  }

  @Get()
  @Audit({ resource: 'professional', action: 'search' })
  @ApiOperation({ operationId: 'listProfessionals', summary: 'Professionals of your municipality; filter by role or organisation.' })
  @ApiOkResponse({ schema: pageSchema('ProfessionalDto') })
  @ApiProblems(400)
  list(@Query() query: ListProfessionalsQueryDto) {
    return this.professionals.list(query);
  }

  @Get(':professionalId')
  @Audit({ resource: 'professional', action: 'read' })
  @ApiOperation({ operationId: 'getProfessional', summary: 'One professional.' })
  @ApiOkResponse({ type: ProfessionalDto })
  @ApiProblems(400, 404)
  get(@UuidParam('professionalId') id: string): Promise<ProfessionalDto> {
    return this.professionals.get(id);
  }
}

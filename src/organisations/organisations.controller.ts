import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/auth.decorators.js';
import { setLocation, UuidParam } from '../common/http.js';
import { ApiProblems, pageSchema } from '../common/openapi.js';
import { PageQueryDto } from '../common/pagination.js';
import { CreateOrganisationDto, OrganisationDto } from './dto/organisation.dto.js';
import { OrganisationsService } from './organisations.service.js';
import { NoPersonalData } from '../audit/audit.decorators.js';

@ApiTags('organisations')
@ApiBearerAuth()
@ApiExtraModels(OrganisationDto)
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @NoPersonalData()
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ operationId: 'createOrganisation', summary: 'Register the own team or a partner organisation (admin).' })
  @ApiCreatedResponse({ type: OrganisationDto })
  @ApiProblems(400, 403, 409)
  async create(@Body() body: CreateOrganisationDto, @Res({ passthrough: true }) res: Response): Promise<OrganisationDto> {
    const organisation = await this.organisations.create(body);
    setLocation(res, `/organisations/${organisation.id}`);
    return organisation;
  }

  @Get()
  @NoPersonalData()
  @ApiOperation({ operationId: 'listOrganisations', summary: 'Organisations of your municipality, by name.' })
  @ApiOkResponse({ schema: pageSchema('OrganisationDto') })
  @ApiProblems(400)
  list(@Query() query: PageQueryDto) {
    return this.organisations.list(query);
  }

  @Get(':organisationId')
  @NoPersonalData()
  @ApiOperation({ operationId: 'getOrganisation', summary: 'One organisation.' })
  @ApiOkResponse({ type: OrganisationDto })
  @ApiProblems(400, 404)
  get(@UuidParam('organisationId') id: string): Promise<OrganisationDto> {
    return this.organisations.get(id);
  }
}

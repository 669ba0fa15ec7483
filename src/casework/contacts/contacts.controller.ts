import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { setLocation, UuidParam } from '../../common/http.js';
import { ApiProblems, pageSchema } from '../../common/openapi.js';
import { PageQueryDto } from '../../common/pagination.js';
import { ContactsService } from './contacts.service.js';
import { ContactDto, CreateContactDto } from './dto/contact.dto.js';
import { Audit } from '../../audit/audit.decorators.js';

@ApiTags('contacts')
@ApiBearerAuth()
@ApiExtraModels(ContactDto)
@Controller('households/:householdId/contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post()
  @Audit({ resource: 'contact', action: 'create' })
  @HttpCode(201)
  @ApiOperation({ operationId: 'recordContact', summary: 'Record a contact moment (home visit, call, meeting) with a short note; by the coordinator, a supervisor or the care team.' })
  @ApiCreatedResponse({ type: ContactDto })
  @ApiProblems(400, 403, 404, 409, 422)
  async record(@UuidParam('householdId') householdId: string, @Body() body: CreateContactDto, @Res({ passthrough: true }) res: Response): Promise<ContactDto> {
    const contact = await this.contacts.record(householdId, body);
    setLocation(res, `/households/${householdId}/contacts/${contact.id}`);
    return contact;
  }

  @Get()
  @Audit({ resource: 'contact', action: 'search' })
  @ApiOperation({ operationId: 'listContacts', summary: 'Contact moments of the household, newest first.' })
  @ApiOkResponse({ schema: pageSchema('ContactDto') })
  @ApiProblems(400, 404)
  list(@UuidParam('householdId') householdId: string, @Query() query: PageQueryDto) {
    return this.contacts.list(householdId, query);
  }

  @Get(':contactId')
  @Audit({ resource: 'contact', action: 'read' })
  @ApiOperation({ operationId: 'getContact', summary: 'One contact moment.' })
  @ApiOkResponse({ type: ContactDto })
  @ApiProblems(400, 404)
  get(@UuidParam('householdId') householdId: string, @UuidParam('contactId') contactId: string): Promise<ContactDto> {
    return this.contacts.get(householdId, contactId);
  }
}

import { Body, Controller, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Audit } from '../audit/audit.decorators.js';
import { Roles } from '../auth/auth.decorators.js';
import { UuidParam } from '../common/http.js';
import { ApiProblems } from '../common/openapi.js';
import { DeactivateProfessionalDto, StaffingChangeDto, UpdateProfessionalDto } from './dto/staffing.dto.js';
import { StaffingService } from './staffing.service.js';

const households = ({ result }: { result: unknown }) => (result as StaffingChangeDto | undefined)?.householdIds ?? [];
const professionalId = ({ params }: { params: Record<string, string | undefined> }) => params.professionalId;

@ApiTags('professionals')
@ApiBearerAuth()
@Controller('professionals/:professionalId')
export class StaffingController {
  constructor(private readonly staffing: StaffingService) {}

  @Post('deactivate')
  @HttpCode(200)
  @Roles('admin')
  @Audit({ resource: 'professional', action: 'update', households, resourceId: professionalId })
  @ApiOperation({
    operationId: 'deactivateProfessional',
    summary: 'Deactivate a professional who leaves (admin): their tokens stop working at once. Refused while they coordinate households, unless all are handed over in the same request.',
  })
  @ApiOkResponse({ type: StaffingChangeDto })
  @ApiProblems(400, 403, 404, 409, 422)
  deactivate(@UuidParam('professionalId') id: string, @Body() body: DeactivateProfessionalDto): Promise<StaffingChangeDto> {
    return this.staffing.deactivate(id, body);
  }

  @Post('reactivate')
  @HttpCode(200)
  @Roles('admin')
  @Audit({ resource: 'professional', action: 'update', resourceId: professionalId })
  @ApiOperation({ operationId: 'reactivateProfessional', summary: 'Reactivate a professional (admin).' })
  @ApiOkResponse({ type: StaffingChangeDto })
  @ApiProblems(400, 403, 404)
  reactivate(@UuidParam('professionalId') id: string): Promise<StaffingChangeDto> {
    return this.staffing.reactivate(id);
  }

  @Patch()
  @Roles('admin')
  @Audit({ resource: 'professional', action: 'update', households, resourceId: professionalId })
  @ApiOperation({
    operationId: 'updateProfessional',
    summary: "Change a professional's roles or organisation (admin). Taking the coordinator role from someone who coordinates households needs their hand-overs in the same request.",
  })
  @ApiOkResponse({ type: StaffingChangeDto })
  @ApiProblems(400, 403, 404, 409, 422)
  update(@UuidParam('professionalId') id: string, @Body() body: UpdateProfessionalDto): Promise<StaffingChangeDto> {
    return this.staffing.update(id, body);
  }
}

import { Module } from '@nestjs/common';
import { CoordinationModule } from '../coordination/coordination.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { PlansModule } from '../plans/plans.module.js';
import { CareTeamModule } from '../care-team/care-team.module.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { StaffingController } from './staffing.controller.js';
import { StaffingService } from './staffing.service.js';

/** People admin: deactivate, reactivate, change roles and organisation, with hand-overs in the same transaction. */
@Module({ imports: [ProfessionalsModule, OrganisationsModule, CoordinationModule, PlansModule, CareTeamModule], controllers: [StaffingController], providers: [StaffingService] })
export class StaffingModule {}

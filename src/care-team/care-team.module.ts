import { Module } from '@nestjs/common';
import { ConsentsModule } from '../consents/consents.module.js';
import { HouseholdsModule } from '../households/households.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { CareTeamController } from './care-team.controller.js';
import { CareTeamLinkEnds } from './care-team-link-ends.js';
import { CareTeamRepository } from './care-team.repository.js';
import { CareTeamService } from './care-team.service.js';

@Module({
  imports: [HouseholdsModule, OrganisationsModule, ProfessionalsModule, ConsentsModule],
  controllers: [CareTeamController],
  providers: [CareTeamService, CareTeamRepository, CareTeamLinkEnds],
  exports: [CareTeamLinkEnds],
})
export class CareTeamModule {}

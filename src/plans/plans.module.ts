import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { ActionOwnerNotices } from './action-owner-notices.js';
import { PlansController } from './plans.controller.js';
import { PlansRepository } from './plans.repository.js';
import { PlansService } from './plans.service.js';

@Module({
  imports: [HouseholdsModule, OrganisationsModule, ProfessionalsModule, TenantsModule],
  controllers: [PlansController],
  providers: [PlansService, PlansRepository, ActionOwnerNotices],
  exports: [ActionOwnerNotices],
})
export class PlansModule {}

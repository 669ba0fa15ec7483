import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { ConsentsController } from './consents.controller.js';
import { ConsentsRepository } from './consents.repository.js';
import { ConsentsService } from './consents.service.js';
import { ScopeTargets } from './scope-targets.js';

@Module({
  imports: [HouseholdsModule, OrganisationsModule, TenantsModule],
  controllers: [ConsentsController],
  providers: [ConsentsService, ConsentsRepository, ScopeTargets],
  exports: [ConsentsService, ScopeTargets],
})
export class ConsentsModule {}

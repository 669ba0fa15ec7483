import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { TenantProvisioningService } from './tenant-provisioning.service.js';
import { TenantsController } from './tenants.controller.js';
import { TenantsRepository } from './tenants.repository.js';
import { TenantsService } from './tenants.service.js';

/** Municipalities: their life-domain list for everyone, and their set-up for platform operators (TenantProvisioningService). */
@Module({
  imports: [OrganisationsModule, ProfessionalsModule],
  controllers: [TenantsController],
  providers: [TenantsService, TenantsRepository, TenantProvisioningService],
  exports: [TenantsService, TenantsRepository, TenantProvisioningService],
})
export class TenantsModule {}

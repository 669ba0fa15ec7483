import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { TenantsModule } from '../tenants/tenants.module.js';
import { TenantProvisioningService } from './tenant-provisioning.service.js';

/**
 * Setting up a municipality (platform operators, `npm run tenant`): the tenant with its life domains, its own team
 * and its first admin. Above tenants, organisations and professionals, which it composes; tenants itself stays a
 * floor the other features can stand on.
 */
@Module({
  imports: [TenantsModule, OrganisationsModule, ProfessionalsModule],
  providers: [TenantProvisioningService],
  exports: [TenantProvisioningService],
})
export class ProvisioningModule {}

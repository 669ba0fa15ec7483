import { Module } from '@nestjs/common';
import { PrincipalCacheModule } from '../auth/principal-cache.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ProfessionalsController } from './professionals.controller.js';
import { ProfessionalsRepository } from './professionals.repository.js';
import { ProfessionalsService } from './professionals.service.js';

@Module({
  imports: [OrganisationsModule, PrincipalCacheModule],
  controllers: [ProfessionalsController],
  providers: [ProfessionalsService, ProfessionalsRepository],
  exports: [ProfessionalsService, ProfessionalsRepository],
})
export class ProfessionalsModule {}

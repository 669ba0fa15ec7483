import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ConsentsController } from './consents.controller.js';
import { ConsentsRepository } from './consents.repository.js';
import { ConsentsService } from './consents.service.js';

@Module({
  imports: [HouseholdsModule, OrganisationsModule],
  controllers: [ConsentsController],
  providers: [ConsentsService, ConsentsRepository],
  exports: [ConsentsService],
})
export class ConsentsModule {}

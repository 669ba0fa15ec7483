import { Module } from '@nestjs/common';
import { ConsentsModule } from '../../consents/consents.module.js';
import { HouseholdsModule } from '../../households/households.module.js';
import { EscalationsController } from './escalations.controller.js';
import { EscalationsRepository } from './escalations.repository.js';
import { EscalationsService } from './escalations.service.js';

@Module({
  imports: [HouseholdsModule, ConsentsModule],
  controllers: [EscalationsController],
  providers: [EscalationsService, EscalationsRepository],
})
export class EscalationsModule {}

import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module.js';
import { EscalationsController } from './escalations.controller.js';
import { EscalationsRepository } from './escalations.repository.js';
import { EscalationsService } from './escalations.service.js';

@Module({
  imports: [HouseholdsModule],
  controllers: [EscalationsController],
  providers: [EscalationsService, EscalationsRepository],
})
export class EscalationsModule {}

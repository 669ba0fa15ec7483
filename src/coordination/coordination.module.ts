import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { CoordinationStateController } from './coordination-state.controller.js';
import { CoordinationStateService } from './coordination-state.service.js';
import { CoordinationController } from './coordination.controller.js';
import { CoordinationRepository } from './coordination.repository.js';
import { CoordinationService } from './coordination.service.js';

@Module({
  imports: [HouseholdsModule, ProfessionalsModule],
  controllers: [CoordinationController, CoordinationStateController],
  providers: [CoordinationService, CoordinationRepository, CoordinationStateService],
  exports: [CoordinationService],
})
export class CoordinationModule {}

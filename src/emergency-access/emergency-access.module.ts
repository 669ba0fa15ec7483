import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module.js';
import { EmergencyAccessHouseholdController } from './emergency-access-household.controller.js';
import { EmergencyAccessReviewController } from './emergency-access-review.controller.js';
import { EmergencyAccessController } from './emergency-access.controller.js';
import { EmergencyAccessRepository } from './emergency-access.repository.js';
import { EmergencyAccessService } from './emergency-access.service.js';

/** Break-the-glass (NEN 7513): emergency access grants, their review, and the municipality's grant duration. */
@Module({
  imports: [HouseholdsModule],
  controllers: [EmergencyAccessController, EmergencyAccessHouseholdController, EmergencyAccessReviewController],
  providers: [EmergencyAccessService, EmergencyAccessRepository],
})
export class EmergencyAccessModule {}

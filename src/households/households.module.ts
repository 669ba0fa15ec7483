import { Module } from '@nestjs/common';
import { HouseholdIdentityHooks } from './household-identity.hooks.js';
import { HouseholdsController } from './households.controller.js';
import { CaseGate } from './case-gate.js';
import { HouseholdsRepository } from './households.repository.js';
import { HouseholdsService } from './households.service.js';
import { MemberBsnController } from './member-bsn.controller.js';
import { MemberBsnService } from './member-bsn.service.js';

@Module({
  controllers: [HouseholdsController, MemberBsnController],
  providers: [HouseholdsService, HouseholdsRepository, MemberBsnService, CaseGate, HouseholdIdentityHooks],
  exports: [HouseholdsRepository, CaseGate, HouseholdIdentityHooks],
})
export class HouseholdsModule {}

import { Module } from '@nestjs/common';
import { HouseholdsController } from './households.controller.js';
import { HouseholdsRepository } from './households.repository.js';
import { HouseholdsService } from './households.service.js';
import { MemberBsnController } from './member-bsn.controller.js';
import { MemberBsnService } from './member-bsn.service.js';

@Module({
  controllers: [HouseholdsController, MemberBsnController],
  providers: [HouseholdsService, HouseholdsRepository, MemberBsnService],
  exports: [HouseholdsRepository],
})
export class HouseholdsModule {}

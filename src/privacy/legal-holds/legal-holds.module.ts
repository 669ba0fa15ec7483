import { Module } from '@nestjs/common';
import { LegalHoldQuery } from './legal-hold.query.js';
import { LegalHoldsController } from './legal-holds.controller.js';
import { LegalHoldsRepository } from './legal-holds.repository.js';
import { LegalHoldsService } from './legal-holds.service.js';

/** Legal holds per household (issue 13, item 3); exports LegalHoldQuery for every feature that removes case data. */
@Module({
  controllers: [LegalHoldsController],
  providers: [LegalHoldsService, LegalHoldsRepository, LegalHoldQuery],
  exports: [LegalHoldQuery],
})
export class LegalHoldsModule {}

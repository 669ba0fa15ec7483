import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module.js';
import { IntakeItemsController } from './intake/intake-items.controller.js';
import { IntakeItemsRepository } from './intake/intake-items.repository.js';
import { IntakeItemsService } from './intake/intake-items.service.js';
import { IntakeLedger } from './intake/intake-ledger.js';
import { SignalMatcher } from './signal-matcher.js';
import { SignalRematchService } from './signal-rematch.service.js';
import { SignalSubjectCipher } from './signal-subject.cipher.js';
import { SignalsController } from './signals.controller.js';
import { SignalsRepository } from './signals.repository.js';
import { SignalsService } from './signals.service.js';

/**
 * Signals and matching (the Verwijsindex idea). Notifications come from the outbox events (`signal.matched`,
 * `signal.intake_item_*`, `signal.co_signalled`). Waiting signals are re-matched through the households
 * module's identity hook (SignalRematchService), so households need not know about signals.
 */
@Module({
  imports: [HouseholdsModule],
  // IntakeItemsController first: its static path must be registered before `signals/:signalId`
  controllers: [IntakeItemsController, SignalsController],
  providers: [SignalsService, SignalsRepository, SignalSubjectCipher, SignalMatcher, SignalRematchService, IntakeLedger, IntakeItemsRepository, IntakeItemsService],
})
export class SignalsModule {}

import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module.js';
import { SignalSubjectCipher } from './signal-subject.cipher.js';
import { SignalsController } from './signals.controller.js';
import { SignalsRepository } from './signals.repository.js';
import { SignalsService } from './signals.service.js';

/** Signals and matching (the Verwijsindex idea). Notifications come from the `signal.matched` outbox event. */
@Module({
  imports: [HouseholdsModule],
  controllers: [SignalsController],
  providers: [SignalsService, SignalsRepository, SignalSubjectCipher],
})
export class SignalsModule {}

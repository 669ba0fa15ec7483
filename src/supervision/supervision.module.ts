import { Module } from '@nestjs/common';
import { HouseholdsModule } from '../households/households.module.js';
import { CaseloadController } from './caseload/caseload.controller.js';
import { CaseloadRepository } from './caseload/caseload.repository.js';
import { CaseloadService } from './caseload/caseload.service.js';
import { ActionOverdueRepository } from './overdue/action-overdue.repository.js';
import { ActionOverdueService } from './overdue/action-overdue.service.js';
import { DomainOutcomesRepository } from './outcomes/domain-outcomes.repository.js';
import { DomainOutcomesService } from './outcomes/domain-outcomes.service.js';
import { OutcomesController } from './outcomes/outcomes.controller.js';
import { OutcomesRepository } from './outcomes/outcomes.repository.js';
import { OutcomesService } from './outcomes/outcomes.service.js';
import { StallRulesController } from './rules/stall-rules.controller.js';
import { StallRulesRepository } from './rules/stall-rules.repository.js';
import { StallRulesService } from './rules/stall-rules.service.js';
import { ReviewQueueController } from './stalled/review-queue.controller.js';
import { ReviewQueueRepository } from './stalled/review-queue.repository.js';
import { ReviewQueueService } from './stalled/review-queue.service.js';
import { StallEvaluationRepository } from './stalled/stall-evaluation.repository.js';
import { StallEvaluationService } from './stalled/stall-evaluation.service.js';

/**
 * Supervision: stall rules and their evaluation, the review queue with snoozes, caseloads with bulk hand-over,
 * and outcomes with district insight. `StallEvaluationService` is exported for the scheduler.
 */
@Module({
  imports: [HouseholdsModule],
  controllers: [StallRulesController, ReviewQueueController, CaseloadController, OutcomesController],
  providers: [StallRulesService, StallRulesRepository, StallEvaluationService, StallEvaluationRepository, ReviewQueueService, ReviewQueueRepository, CaseloadService, CaseloadRepository, OutcomesService, OutcomesRepository, ActionOverdueService, ActionOverdueRepository, DomainOutcomesService, DomainOutcomesRepository],
  exports: [StallEvaluationService, ActionOverdueService],
})
export class SupervisionModule {}

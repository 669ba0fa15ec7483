import { Global, Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { ACCESS_DECISION_RECORDER, type AccessDecisionRecorder } from './access-decision.js';
import { AccessRepository } from './access.repository.js';
import { AccessService } from './access.service.js';

/**
 * Global: every feature checks need-to-know through `AccessService`. Who hears what access decided (the audit
 * trail) is wired by the composition root through the `AccessDecisionRecorder` port, so access imports no audit code.
 */
@Global()
@Module({})
export class AccessModule {
  static forRoot(options: { decisions: InjectionToken<AccessDecisionRecorder> }): DynamicModule {
    return {
      module: AccessModule,
      providers: [AccessService, AccessRepository, { provide: ACCESS_DECISION_RECORDER, useExisting: options.decisions }],
      exports: [AccessService],
    };
  }
}

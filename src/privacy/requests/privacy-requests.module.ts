import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { LEGAL_HOLD_PORT, NoLegalHolds, type LegalHoldPort } from './legal-hold.port.js';
import { PrivacyRequestsController } from './privacy-requests.controller.js';
import { PrivacyRequestsRepository } from './privacy-requests.repository.js';
import { PrivacyRequestsService } from './privacy-requests.service.js';

export interface PrivacyRequestsOptions {
  /** Answers whether a legal hold stands on a household; default: none does (until src/privacy/legal-holds is wired). */
  legalHolds?: Type<LegalHoldPort>;
  /** Modules that provide `legalHolds`. */
  imports?: DynamicModule['imports'];
}

/** AVG art. 17/18 requests (issue 13 item 4). The legal-hold check is a port the composition root binds. */
@Module({})
export class PrivacyRequestsModule {
  static forRoot(options: PrivacyRequestsOptions = {}): DynamicModule {
    return {
      module: PrivacyRequestsModule,
      imports: options.imports ?? [],
      controllers: [PrivacyRequestsController],
      providers: [
        PrivacyRequestsService,
        PrivacyRequestsRepository,
        options.legalHolds ? { provide: LEGAL_HOLD_PORT, useExisting: options.legalHolds } : { provide: LEGAL_HOLD_PORT, useClass: NoLegalHolds },
      ],
    };
  }
}

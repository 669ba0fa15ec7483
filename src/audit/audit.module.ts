import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccessNotes } from '../common/legal-basis.js';
import { RequestFailureListener } from '../database/request-transaction.interceptor.js';
import { AuditContext } from './audit-context.js';
import { AuditKeyring } from './audit-keys.js';
import { AuditSealer } from './audit-sealer.service.js';
import { AuditFailureListener } from './audit-failure.listener.js';
import { AuditController } from './audit.controller.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { AuditTrail } from './audit-trail.service.js';

/**
 * The audit trail. Global: access checks note their legal basis through the `AccessNotes` port, and the request-transaction
 * interceptor finds the `RequestFailureListener` that records denials. Imported after RequestTransactionModule,
 * so its interceptor runs inside the request transaction.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    AuditContext,
    { provide: AccessNotes, useExisting: AuditContext },
    AuditKeyring,
    AuditSealer,
    AuditRepository,
    AuditTrail,
    AuditService,
    AuditFailureListener,
    { provide: RequestFailureListener, useExisting: AuditFailureListener },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [AuditContext, AccessNotes, AuditTrail, RequestFailureListener, AuditKeyring],
})
export class AuditModule {}

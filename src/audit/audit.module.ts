import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RequestFailureListener } from '../database/request-transaction.interceptor.js';
import { AuditContext } from './audit-context.js';
import { AuditFailureListener } from './audit-failure.listener.js';
import { AuditController } from './audit.controller.js';
import { AuditInterceptor } from './audit.interceptor.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { AuditTrail } from './audit-trail.service.js';

/**
 * The audit trail. Global: access checks note their legal basis in `AuditContext`, and the request-transaction
 * interceptor finds the `RequestFailureListener` that records denials. Imported after RequestTransactionModule,
 * so its interceptor runs inside the request transaction.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    AuditContext,
    AuditRepository,
    AuditTrail,
    AuditService,
    AuditFailureListener,
    { provide: RequestFailureListener, useExisting: AuditFailureListener },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
  exports: [AuditContext, AuditTrail, RequestFailureListener],
})
export class AuditModule {}

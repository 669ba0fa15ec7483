import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotentReplayInterceptor } from './idempotent-replay.interceptor.js';

/**
 * Imported after AuditModule, so its interceptor is the innermost: a replay is answered inside the request
 * transaction and the audit collector (see IdempotentReplayInterceptor).
 */
@Module({ providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotentReplayInterceptor }] })
export class IdempotentReplayModule {}

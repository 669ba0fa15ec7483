import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { IdempotencySweeper } from './idempotency-sweeper.js';

/** Imported before RequestTransactionModule: the claim runs outside the request transaction (see the interceptor). */
@Module({
  providers: [IdempotencyRepository, IdempotencySweeper, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [IdempotencySweeper],
})
export class IdempotencyModule {}

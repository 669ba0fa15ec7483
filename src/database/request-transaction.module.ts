import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RequestTransactionInterceptor } from './request-transaction.interceptor.js';

/** Imported after IdempotencyModule so its interceptor runs inside the Idempotency-Key handling. */
@Module({ providers: [{ provide: APP_INTERCEPTOR, useClass: RequestTransactionInterceptor }] })
export class RequestTransactionModule {}

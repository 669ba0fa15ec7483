import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FailedRequestLimiter } from './failed-request-limiter.js';
import { RateLimiter } from './rate-limiter.js';
import { RateLimitGuard } from './rate-limit.guard.js';

/**
 * Registered after the auth module, so the guard runs after authentication and knows the caller. The
 * per-address limiter on failed requests is Express middleware that app.factory.ts mounts in front of everything.
 */
@Module({ providers: [RateLimiter, FailedRequestLimiter, { provide: APP_GUARD, useClass: RateLimitGuard }], exports: [FailedRequestLimiter] })
export class RateLimitModule {}

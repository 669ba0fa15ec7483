import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthErrors } from '../auth/auth.errors.js';
import { noSuchRoute } from '../common/http-conventions.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * /metrics is not for the public: with METRICS_TOKEN set (required in production) the scraper sends it as a bearer
 * token, compared in constant time; with METRICS=false the route answers 404 like any unknown path. A wrong token
 * is a 401 and counts against the address like any other failed request.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.expected = config.metrics.token === undefined ? undefined : digest(config.metrics.token);
  }

  canActivate(execution: ExecutionContext): boolean {
    if (!this.config.metrics.enabled) throw noSuchRoute();
    if (!this.expected) return true;
    const request = execution.switchToHttp().getRequest<Request>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (match && timingSafeEqual(digest(match[1]!), this.expected)) return true;
    execution.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
    throw AuthErrors.create(match ? 'TOKEN_INVALID' : 'TOKEN_MISSING', {
      nl: 'Stuur het metrics-token mee: "Authorization: Bearer <METRICS_TOKEN>".',
      en: 'Send the metrics token: "Authorization: Bearer <METRICS_TOKEN>".',
    });
  }
}

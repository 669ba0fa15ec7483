import { Inject, Injectable } from '@nestjs/common';
import type { PlatformOperator } from '../common/request-context.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AuthErrors } from './auth.errors.js';
import { TokenService } from './token.service.js';

/**
 * Platform operators prove two things: a token from the identity provider (or the development issuer) for the
 * operators' audience — never the API's, so a professional's token cannot open the operators' tools and an
 * operator's token cannot open a municipality's API — and a subject listed in PLATFORM_OPERATOR_SUBJECTS, so
 * who operates the platform is decided by whoever deploys it, not by anyone who can obtain a token for that
 * audience from the identity provider.
 */
@Injectable()
export class OperatorAuthenticator {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tokens: TokenService,
  ) {}

  /** The operator, or a 401 (token not valid for the operators' audience) or 403 (valid, but not an operator). */
  async authenticate(token: string): Promise<PlatformOperator> {
    const subject = await this.tokens.verifyOperator(token);
    if (!this.config.operators.subjects.includes(subject)) {
      throw AuthErrors.create('OPERATORS_ONLY', {
        nl: 'Dit token is geldig voor de doelgroep van de platformbeheerders, maar het subject staat niet in PLATFORM_OPERATOR_SUBJECTS.',
        en: 'This token is valid for the operators\' audience, but its subject is not in PLATFORM_OPERATOR_SUBJECTS.',
      });
    }
    return { kind: 'operator', subject };
  }

  /** Whether the token is meant for the operators (claims their audience); it still has to pass `authenticate`. */
  isOperatorToken(token: string): boolean {
    return this.tokens.claimsOperatorAudience(token);
  }
}

import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NoPersonalData } from '../audit/audit.decorators.js';
import { Public } from '../auth/auth.decorators.js';
import { TokenService } from '../auth/token.service.js';
import { CommonErrors } from '../common/domain-error.js';

/**
 * Development issuer's public keys, so other local tools can verify demo tokens. 404 with a real issuer. Lives with
 * the demo, not in auth: it is an audited route like any other, and auth stands below the audit trail.
 */
@ApiExcludeController()
@Public()
@Controller('dev-issuer')
export class DevIssuerController {
  constructor(private readonly tokens: TokenService) {}

  @Get('.well-known/jwks.json')
  @NoPersonalData()
  jwks() {
    const jwks = this.tokens.devJwks;
    if (!jwks) throw CommonErrors.create('NOT_FOUND', {
        nl: 'De ontwikkel-uitgever staat uit: tokens komen van uw identiteitsprovider.',
        en: 'The development issuer is disabled: tokens come from your identity provider.',
      });
    return jwks;
  }
}

import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from './auth.decorators.js';
import { TokenService } from './token.service.js';
import { NoPersonalData } from '../audit/audit.decorators.js';

/** Development issuer's public keys, so other local tools can verify demo tokens. 404 with a real issuer. */
@ApiExcludeController()
@Public()
@Controller('dev-issuer')
export class DevIssuerController {
  constructor(private readonly tokens: TokenService) {}

  @Get('.well-known/jwks.json')
  @NoPersonalData()
  jwks() {
    const jwks = this.tokens.devJwks;
    if (!jwks) throw new NotFoundException('The development issuer is disabled: tokens come from your identity provider.');
    return jwks;
  }
}

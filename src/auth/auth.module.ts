import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiClientsModule } from '../api-clients/api-clients.module.js';
import { NonEmptyPatchGuard } from '../common/text-safety.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { AuthGuard } from './auth.guard.js';
import { DevIssuerController } from './dev-issuer.controller.js';
import { OperatorAuthenticator } from './operator-authenticator.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [ProfessionalsModule, ApiClientsModule],
  controllers: [DevIssuerController],
  // guards run in this order: who is calling first, then whether a PATCH names anything to change
  providers: [TokenService, OperatorAuthenticator, { provide: APP_GUARD, useClass: AuthGuard }, { provide: APP_GUARD, useClass: NonEmptyPatchGuard }],
  exports: [TokenService, OperatorAuthenticator],
})
export class AuthModule {}

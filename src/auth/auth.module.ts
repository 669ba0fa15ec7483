import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { AuthGuard } from './auth.guard.js';
import { DevIssuerController } from './dev-issuer.controller.js';
import { TokenService } from './token.service.js';

@Module({
  imports: [ProfessionalsModule],
  controllers: [DevIssuerController],
  providers: [TokenService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService],
})
export class AuthModule {}

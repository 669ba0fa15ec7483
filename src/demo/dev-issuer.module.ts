import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DevIssuerController } from './dev-issuer.controller.js';

/** The development issuer's JWKS endpoint (the keys come from auth's TokenService). */
@Module({ imports: [AuthModule], controllers: [DevIssuerController] })
export class DevIssuerModule {}

import { Module } from '@nestjs/common';
import { PrincipalCacheModule } from '../auth/principal-cache.js';
import { AuthModule } from '../auth/auth.module.js';
import { ProfessionalPrincipalResolver } from './professional-principal.resolver.js';
import { ProfessionalsModule } from './professionals.module.js';

/**
 * The auth guard's resolver of the identity provider's tokens (the `PrincipalResolver` port), apart from
 * ProfessionalsModule so that modules using professionals (the tenant CLI) do not start token verification.
 */
@Module({ imports: [ProfessionalsModule, AuthModule, PrincipalCacheModule], providers: [ProfessionalPrincipalResolver], exports: [ProfessionalPrincipalResolver] })
export class ProfessionalPrincipalsModule {}

import { Module } from '@nestjs/common';
import { PrincipalCacheModule } from '../auth/principal-cache.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { ApiClientsController } from './api-clients.controller.js';
import { ApiClientsRepository } from './api-clients.repository.js';
import { ApiClientsService } from './api-clients.service.js';
import { ClientPrincipalResolver } from './client-principal.resolver.js';
import { ClientTokenService } from './client-token.service.js';
import { OAuthController } from './oauth.controller.js';
import { OAuthTokenService } from './oauth-token.service.js';

/** Partner API clients: admin management, the token endpoint, and the auth guard's resolver of client tokens (its port). */
@Module({
  imports: [OrganisationsModule, ProfessionalsModule, PrincipalCacheModule],
  controllers: [ApiClientsController, OAuthController],
  providers: [ApiClientsService, ApiClientsRepository, ClientTokenService, OAuthTokenService, ClientPrincipalResolver],
  exports: [ClientPrincipalResolver],
})
export class ApiClientsModule {}

import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { ProfessionalsModule } from '../professionals/professionals.module.js';
import { ApiClientsController } from './api-clients.controller.js';
import { ApiClientsRepository } from './api-clients.repository.js';
import { ApiClientsService } from './api-clients.service.js';
import { ClientTokenService } from './client-token.service.js';
import { OAuthController } from './oauth.controller.js';
import { OAuthTokenService } from './oauth-token.service.js';

/** Partner API clients: admin management, the token endpoint, and what the auth guard needs to admit a client. */
@Module({
  imports: [OrganisationsModule, ProfessionalsModule],
  controllers: [ApiClientsController, OAuthController],
  providers: [ApiClientsService, ApiClientsRepository, ClientTokenService, OAuthTokenService],
  exports: [ApiClientsRepository, ClientTokenService],
})
export class ApiClientsModule {}

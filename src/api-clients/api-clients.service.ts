import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { RequestContext } from '../common/request-context.js';
import { TransactionHost } from '../database/transaction-host.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { ProfessionalsRepository } from '../professionals/professionals.repository.js';
import { ApiClientErrors } from './api-clients.errors.js';
import { mapApiClient } from './api-clients.mapper.js';
import { ApiClientsRepository } from './api-clients.repository.js';
import { generateClientSecret, hashClientSecret } from './client-secret.js';
import type { ApiClientDto, ApiClientWithSecretDto, CreateApiClientDto } from './dto/api-client.dto.js';
import type { ApiClientEntity } from './entities/api-client.entity.js';

/** Admins manage the API clients of their municipality's organisations; an organisation of another tenant is 404. */
@Injectable()
export class ApiClientsService {
  constructor(
    private readonly clients: ApiClientsRepository,
    private readonly professionals: ProfessionalsRepository,
    private readonly organisations: OrganisationsService,
    private readonly context: RequestContext,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  /** The client and its service principal in one transaction; the secret is in this answer only. */
  async create(organisationId: string, input: CreateApiClientDto): Promise<ApiClientWithSecretDto> {
    const actor = this.context.actor;
    const secret = generateClientSecret();
    const created = await this.tx.run(async () => {
      const organisation = await this.organisations.requireInTenant(organisationId);
      const clientId = randomUUID();
      const name = input.name.trim();
      const principal = await this.professionals.insertServicePrincipal({ tenantId: organisation.tenantId, organisationId, clientId, name: `API client: ${name}`.slice(0, 200) });
      return this.clients.insert({
        id: clientId,
        tenantId: organisation.tenantId,
        organisationId,
        name,
        scopes: [...input.scopes],
        secretHash: hashClientSecret(secret),
        principalId: principal.id,
        createdById: actor.professionalId,
        createdAt: this.clock.now(),
      });
    });
    return { ...mapApiClient(created), clientSecret: secret };
  }

  async list(organisationId: string): Promise<ApiClientDto[]> {
    await this.organisations.requireInTenant(organisationId);
    return (await this.clients.listForOrganisation(this.context.actor.tenantId, organisationId)).map(mapApiClient);
  }

  async get(organisationId: string, clientId: string): Promise<ApiClientDto> {
    return mapApiClient(await this.requireClient(organisationId, clientId));
  }

  /** A new secret (shown once); the old one and every token issued under it stop working at once. */
  async rotateSecret(organisationId: string, clientId: string): Promise<ApiClientWithSecretDto> {
    const secret = generateClientSecret();
    const rotated = await this.tx.run(async () => {
      const client = await this.requireClient(organisationId, clientId);
      if (client.revokedAt) throw revoked(clientId);
      const updated = await this.clients.rotateSecret(clientId, hashClientSecret(secret), this.clock.now());
      if (!updated) throw revoked(clientId);
      return updated;
    });
    return { ...mapApiClient(rotated), clientSecret: secret };
  }

  /** Revoked for good: its tokens stop working at once and its service principal is deactivated. */
  async revoke(organisationId: string, clientId: string): Promise<void> {
    await this.tx.run(async () => {
      const client = await this.requireClient(organisationId, clientId);
      if (!(await this.clients.revoke(clientId, this.context.actor.professionalId, this.clock.now()))) throw revoked(clientId);
      await this.professionals.deactivate(client.principalId);
    });
  }

  private async requireClient(organisationId: string, clientId: string): Promise<ApiClientEntity> {
    await this.organisations.requireInTenant(organisationId);
    const client = await this.clients.findInOrganisation(this.context.actor.tenantId, organisationId, clientId);
    if (!client) {
      throw ApiClientErrors.create('API_CLIENT_NOT_FOUND', {
        nl: `Organisatie ${organisationId} heeft geen API-client met id ${clientId}.`,
        en: `Organisation ${organisationId} has no API client with id ${clientId}.`,
      });
    }
    return client;
  }
}

const revoked = (clientId: string) =>
  ApiClientErrors.create('API_CLIENT_REVOKED', {
    nl: `API-client ${clientId} is ingetrokken; maak in plaats daarvan een nieuwe client aan.`,
    en: `API client ${clientId} has been revoked; create a new client instead.`,
  });
